<#
.SYNOPSIS
    The main job on the built-in sample dataset (or on -DatasetPath): make it, list it, deface it, show the results.
    Run through build.ps1 -Task Demo, which builds the module first and runs this in a fresh process.
#>
param([Parameter(Mandatory)] [string] $ModulePath, [string] $DatasetPath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Write-Host "Defacer $((Get-Module Defacer).Version) imported from $(Split-Path $ModulePath)" -ForegroundColor Cyan
Get-Command -Module Defacer | Sort-Object Name | Format-Table Name, CommandType -AutoSize | Out-Host

if (-not $DatasetPath) {
    $DatasetPath = Join-Path ([IO.Path]::GetTempPath()) ('defacer-sample-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-DefacerSampleDataset -Path $DatasetPath -Subjects 3 | Out-Null
    Write-Host "Sample dataset (synthetic heads, invented identities) written to $DatasetPath" -ForegroundColor Cyan
}

$subjects = Get-BidsSubject $DatasetPath
$subjects | Format-Table | Out-Host

# The main job: every T1w and T2w defaced in place, originals kept (verified) under sourcedata/defacer.
$elapsed = Measure-Command { $results = @($subjects | Invoke-Deface -Suffix T1w, T2w -SaveMask) }
$results | Format-Table | Out-String -Width 200 | Out-Host
Write-Host ("{0} images in {1:0.0} s ({2:0.00} s per image)." -f $results.Count, $elapsed.TotalSeconds, ($elapsed.TotalSeconds / [math]::Max(1, $results.Count)))
Write-Host "Originals (identifying: never share this folder): $(Join-Path $DatasetPath 'sourcedata/defacer')" -ForegroundColor Yellow
