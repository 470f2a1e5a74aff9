<#
.SYNOPSIS
    The main job on the built-in sample dataset: make it, deface it, check it, and clean its metadata.
    Run through build.ps1 -Task Demo, which builds the module first and runs this in a fresh process.

.PARAMETER DatasetPath
    A BIDS dataset to work on instead of the sample (it is defaced in place, with verified backups).
#>
param([Parameter(Mandatory)] [string] $ModulePath, [string] $DatasetPath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Write-Host "Defacer $((Get-Module Defacer).Version) imported from $(Split-Path $ModulePath)" -ForegroundColor Cyan

if (-not $DatasetPath) {
    $DatasetPath = Join-Path ([IO.Path]::GetTempPath()) "defacer-sample-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    Write-Host "`n> New-DefacerSampleDataset -Path $DatasetPath" -ForegroundColor Yellow
    $null = New-DefacerSampleDataset -Path $DatasetPath
}

Write-Host "`n> Get-BidsSubject $DatasetPath" -ForegroundColor Yellow
Get-BidsSubject -Path $DatasetPath | Out-Host

Write-Host "> Get-BidsSubject | Invoke-Deface | Test-DefaceQuality" -ForegroundColor Yellow
$defaced = @(Get-BidsSubject -Path $DatasetPath | Invoke-Deface)
$defaced | Out-Host
$quality = @($defaced | Test-DefaceQuality)
$quality | Out-Host

Write-Host "> Remove-BidsMetadata $DatasetPath" -ForegroundColor Yellow
Remove-BidsMetadata $DatasetPath | Out-Host

$failed = @($quality | Where-Object Verdict -eq 'Fail')
Write-Host ("Defaced {0} image(s); quality: {1} pass, {2} warn, {3} fail. Originals are in {4} (never share that folder)." -f `
        $defaced.Count, @($quality | Where-Object Verdict -eq 'Pass').Count, @($quality | Where-Object Verdict -eq 'Warn').Count,
        $failed.Count, (Join-Path $DatasetPath 'sourcedata/defacer')) -ForegroundColor Cyan
if ($failed.Count -gt 0) { exit 1 }
