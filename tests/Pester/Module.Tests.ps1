# The module as a whole: manifest, exports, and that it imports from the built output.
BeforeAll {
    $script:ModulePath = $env:DEFACER_MODULE_PATH
    Import-Module $script:ModulePath -Force
    $script:Manifest = Import-PowerShellDataFile $script:ModulePath
}

Describe 'Defacer module' {
    It 'is imported from the built output folder' {
        $m = Get-Module Defacer
        $m | Should -Not -BeNullOrEmpty
        $m.ModuleBase | Should -Be (Split-Path $script:ModulePath)
    }

    It 'carries the version from Directory.Build.props' {
        [xml] $props = Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Build.props')
        $expected = @($props.Project.PropertyGroup.ModuleVersion | Where-Object { $_ })[0]
        (Get-Module Defacer).Version.ToString() | Should -Be $expected
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $exported = (Get-Module Defacer).ExportedCmdlets.Keys | Sort-Object
        $listed = $script:Manifest.CmdletsToExport | Sort-Object
        $listed.Count | Should -BeGreaterThan 0
        $exported | Should -Be $listed
    }

    It 'exports no functions, aliases or variables by wildcard' {
        $script:Manifest.FunctionsToExport | Should -BeNullOrEmpty
        $script:Manifest.AliasesToExport | Should -BeNullOrEmpty
        $script:Manifest.VariablesToExport | Should -BeNullOrEmpty
    }

    It 'does not ship System.Management.Automation' {
        Get-ChildItem (Split-Path $script:ModulePath) -Filter 'System.Management.Automation*.dll' | Should -BeNullOrEmpty
    }

    It 'lists every format file it ships' {
        $shipped = Get-ChildItem (Split-Path $script:ModulePath) -Filter *.Format.ps1xml | ForEach-Object Name | Sort-Object
        @($script:Manifest.FormatsToProcess | Sort-Object) | Should -Be @($shipped)
    }
}
