<#
.SYNOPSIS
    Runs the Pester tests against the built module in this (fresh) process and writes a JSON summary.
    Called by build.ps1 -Task Test; not meant to be run inside a session that already imported Defacer.
#>
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $TestPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force
# The tests import the module from this variable, so they always test the built output, never a source tree.
$env:DEFACER_MODULE_PATH = $ModulePath

$config = New-PesterConfiguration
$config.Run.Path = $TestPath -split [IO.Path]::PathSeparator
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester-results.xml'
$result = Invoke-Pester -Configuration $config

[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8
if ($result.Result -ne 'Passed') { exit 1 }
exit 0
