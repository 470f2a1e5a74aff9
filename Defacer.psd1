@{
    RootModule             = 'Defacer.dll'
    ModuleVersion          = '{{ModuleVersion}}'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = '5f0c6d0e-7a43-4d7b-9a3e-2b8f4c1d9e61'
    Author                 = 'Defacer contributors'
    CompanyName            = 'Defacer'
    Copyright              = '(c) Defacer contributors. MIT licence.'
    Description            = 'Makes brain MRI BIDS datasets safe to share: native defacing with quality checks, and removal of identifying metadata.'
    PowerShellVersion      = '5.1'
    FormatsToProcess       = @('{{FormatsToProcess}}')
    CmdletsToExport        = @(
        'Find-BidsIdentifier'
        'Get-BidsImage'
        'Get-BidsSubject'
        'Get-DefaceMethod'
        'Get-NiftiHeader'
        'Invoke-Deface'
        'New-DefacerSampleDataset'
        'Remove-BidsMetadata'
        'Test-DefaceQuality'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags       = @('MRI', 'NIfTI', 'BIDS', 'Defacing', 'Deidentification', 'Neuroimaging', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
