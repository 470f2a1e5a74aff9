<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks the Defacer module.

.DESCRIPTION
    -Task Build  compiles the engine and the cmdlets and lays out the importable module in out/Defacer/.
    -Task Test   builds, runs the xunit tests of the engine, then the Pester tests of the cmdlets against the
                 built module in a fresh pwsh process. Prints "N passed, N failed" and exits non-zero on any failure.
    -Task Demo   builds and runs the main job on a built-in sample dataset.
    -Task Bench  builds the benchmark program in Release and prints its figures.
    -Task Clean  removes out/ and the build folders.

    Run it through the pinned PowerShell: `dotnet tool restore` once, then `dotnet pwsh ./build.ps1 -Task Test`.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test -PesterPath tests/Pester/Get-NiftiHeader.Tests.ps1
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Extra filter for the xunit run (dotnet test --filter syntax).
    [string] $XunitFilter,

    # Pester test files or folders to run instead of all of tests/Pester.
    [string[]] $PesterPath,

    # Benchmark areas to run (passed to the bench program); all when empty.
    [string[]] $BenchArea
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutRoot = Join-Path $RepoRoot 'out'
$ModuleOut = Join-Path $OutRoot 'Defacer'
$PesterVersion = '5.7.1'   # pinned; downloaded from NuGet by tools/Tools.csproj

function Invoke-Native {
    # Runs a native command and stops the build when it fails, so a red step can never pass silently.
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "$What failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    [xml] $props = Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props')
    $version = $props.Project.PropertyGroup.ModuleVersion | Where-Object { $_ } | Select-Object -First 1
    if (-not $version) { throw 'ModuleVersion is missing from Directory.Build.props.' }
    return $version
}

function Get-ChildPwshCommand {
    # A fresh process of the same PowerShell: binary module dlls cannot be unloaded, so tests and the demo
    # never run inside the build's own session. Under `dotnet pwsh` the process is dotnet itself.
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        return @($exe, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($exe)
}

function Invoke-ChildPwsh {
    param([string] $ScriptFile, [string[]] $Arguments = @())
    $cmd = Get-ChildPwshCommand
    $exe = $cmd[0]
    $rest = @($cmd | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $ScriptFile) + $Arguments
    & $exe @rest | Out-Host
    return $LASTEXITCODE
}

function Invoke-Build {
    Write-Host "Building Defacer ($Configuration)..." -ForegroundColor Cyan
    $publish = Join-Path $OutRoot 'publish'
    Invoke-Native 'dotnet publish' {
        dotnet publish (Join-Path $RepoRoot 'src/Defacer.Commands/Defacer.Commands.csproj') -c $Configuration -o $publish --nologo -v quiet
    }

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut

    # Explicit allow-list: our assemblies and their netstandard dependencies; never System.Management.Automation.
    $assemblies = Get-ChildItem $publish -Filter *.dll | Where-Object { $_.Name -notlike 'System.Management.Automation*' }
    foreach ($dll in $assemblies) { Copy-Item $dll.FullName $ModuleOut }

    $formatDir = Join-Path $RepoRoot 'src/Defacer.Commands/Formats'
    $formats = @(Get-ChildItem $formatDir -Filter '*.Format.ps1xml' | Sort-Object Name)
    foreach ($f in $formats) { Copy-Item $f.FullName $ModuleOut }

    $version = Get-ModuleVersion
    $formatList = ($formats | ForEach-Object { "'$($_.Name)'" }) -join ', '
    $manifest = Get-Content -Raw (Join-Path $RepoRoot 'Defacer.psd1')
    $manifest = $manifest.Replace('{{ModuleVersion}}', $version).Replace("@('{{FormatsToProcess}}')", "@($formatList)")
    Set-Content -Path (Join-Path $ModuleOut 'Defacer.psd1') -Value $manifest -Encoding utf8NoBOM
    $null = Test-ModuleManifest (Join-Path $ModuleOut 'Defacer.psd1')

    # Get-Help text, generated from the cmdlets' XML doc comments in a fresh process (the dll stays loaded there).
    $helpExit = Invoke-ChildPwsh (Join-Path $RepoRoot 'tools/New-MamlHelp.ps1') @('-ModulePath', (Join-Path $ModuleOut 'Defacer.psd1'),
        '-XmlDocPath', (Join-Path $publish 'Defacer.xml'), '-OutputPath', (Join-Path $ModuleOut 'en-US/Defacer.dll-Help.xml'))
    if ($helpExit -ne 0) { throw "Generating the MAML help failed (exit $helpExit)." }
    Write-Host "Module laid out in $ModuleOut (version $version)." -ForegroundColor Green
}

function Get-PesterModulePath {
    Invoke-Native 'restore of the pinned Pester package' {
        dotnet restore (Join-Path $RepoRoot 'tools/Tools.csproj') --nologo -v quiet
    }
    $globalPackages = (dotnet nuget locals global-packages -l) -replace '^global-packages:\s*', ''
    $psd1 = Join-Path $globalPackages.Trim() "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $psd1)) { throw "Pester $PesterVersion was restored but $psd1 is missing." }
    return $psd1
}

function Install-TestPrerequisites {
    # python3-nibabel (reference reader), chromium (report test) and bids-validator, installed when missing.
    if ($IsWindows) { Write-Warning 'Test prerequisites are installed by tools/install-test-prerequisites.sh on Linux only.'; return }
    Invoke-Native 'installing test prerequisites' { bash (Join-Path $RepoRoot 'tools/install-test-prerequisites.sh') }
}

function Invoke-XunitTests {
    $results = Join-Path $OutRoot 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $testArgs = @('test', (Join-Path $RepoRoot 'tests/Defacer.Engine.Tests/Defacer.Engine.Tests.csproj'), '-c', $Configuration,
        '--nologo', '--logger', 'trx;LogFileName=xunit.trx', '--results-directory', $results, '--logger', 'console;verbosity=minimal')
    if ($XunitFilter) { $testArgs += @('--filter', $XunitFilter) }
    & dotnet @testArgs | Out-Host
    $exit = $LASTEXITCODE
    $trx = Get-ChildItem $results -Filter *.trx -Recurse | Select-Object -First 1
    if (-not $trx) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Note = "xunit wrote no results (exit $exit)" } }
    [xml] $x = Get-Content -Raw $trx.FullName
    $c = $x.TestRun.ResultSummary.Counters
    $failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
    if ($exit -ne 0 -and $failed -eq 0) { $failed = 1 }
    return [pscustomobject]@{ Passed = [int]$c.passed; Failed = $failed; Skipped = [int]$c.notExecuted; Note = '' }
}

function Invoke-PesterTests {
    $pester = Get-PesterModulePath
    $paths = if ($PesterPath) { $PesterPath | ForEach-Object { (Resolve-Path $_).Path } } else { @(Join-Path $RepoRoot 'tests/Pester') }
    $summary = Join-Path $OutRoot 'pester-summary.json'
    if (Test-Path $summary) { Remove-Item $summary }
    $runner = Join-Path $RepoRoot 'tests/Invoke-PesterRun.ps1'
    $exit = Invoke-ChildPwsh $runner @('-PesterModule', $pester, '-ModulePath', (Join-Path $ModuleOut 'Defacer.psd1'), '-SummaryPath', $summary, '-TestPath', ($paths -join [IO.Path]::PathSeparator))
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Note = "Pester wrote no summary (exit $exit)" } }
    $s = Get-Content -Raw $summary | ConvertFrom-Json
    $failed = [int]$s.Failed
    if ($exit -ne 0 -and $failed -eq 0) { $failed = 1 }
    return [pscustomobject]@{ Passed = [int]$s.Passed; Failed = $failed; Skipped = [int]$s.Skipped; Note = '' }
}

switch ($Task) {
    'Clean' {
        foreach ($d in @($OutRoot) + (Get-ChildItem $RepoRoot -Recurse -Directory -Include bin, obj | Select-Object -ExpandProperty FullName)) {
            if (Test-Path $d) { Remove-Item $d -Recurse -Force }
        }
    }
    'Build' { Invoke-Build }
    'Test' {
        Install-TestPrerequisites
        Invoke-Build
        $xunit = if ($PesterPath -and -not $XunitFilter) { $null } else { Invoke-XunitTests }
        $pester = if ($XunitFilter -and -not $PesterPath) { $null } else { Invoke-PesterTests }
        $parts = @($xunit, $pester) | Where-Object { $_ }
        $passed = ($parts | Measure-Object Passed -Sum).Sum
        $failed = ($parts | Measure-Object Failed -Sum).Sum
        $skipped = ($parts | Measure-Object Skipped -Sum).Sum
        if ($xunit) { Write-Host ("xunit:  {0} passed, {1} failed, {2} skipped {3}" -f $xunit.Passed, $xunit.Failed, $xunit.Skipped, $xunit.Note) }
        if ($pester) { Write-Host ("pester: {0} passed, {1} failed, {2} skipped {3}" -f $pester.Passed, $pester.Failed, $pester.Skipped, $pester.Note) }
        # The plain closing line CI reads.
        Write-Host ("{0} passed, {1} failed, {2} skipped" -f $passed, $failed, $skipped)
        if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
    }
    'Demo' {
        Invoke-Build
        $exit = Invoke-ChildPwsh (Join-Path $RepoRoot 'tools/Demo.ps1') @('-ModulePath', (Join-Path $ModuleOut 'Defacer.psd1'))
        if ($exit -ne 0) { exit $exit }
    }
    'Bench' {
        Invoke-Build
        $benchProject = Join-Path $RepoRoot 'tests/Defacer.Bench/Defacer.Bench.csproj'
        $benchArgs = @('run', '-c', 'Release', '--project', $benchProject, '--')
        # -File passes "a,b" as one string, so split on commas as well.
        if ($BenchArea) { $benchArgs += @($BenchArea | ForEach-Object { $_ -split "," } | Where-Object { $_ }) }
        & dotnet @benchArgs
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
}
