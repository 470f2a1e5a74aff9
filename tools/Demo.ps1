<#
.SYNOPSIS
    The main job on the built-in sample dataset: make it, list it, show what its headers hold.
    Run through build.ps1 -Task Demo, which builds the module first and runs this in a fresh process.
#>
param([Parameter(Mandatory)] [string] $ModulePath, [string] $DatasetPath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Write-Host "Defacer $((Get-Module Defacer).Version) imported from $(Split-Path $ModulePath)" -ForegroundColor Cyan
Get-Command -Module Defacer | Sort-Object Name | Format-Table Name, CommandType -AutoSize | Out-Host
