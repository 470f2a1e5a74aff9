# Every exported cmdlet has real help: a synopsis, a description, an example, and text for every parameter.
# The help is generated from the C# XML doc comments at build time (tools/New-MamlHelp.ps1).
BeforeDiscovery {
    Import-Module $env:DEFACER_MODULE_PATH -Force
    $script:Cmdlets = @(Get-Command -Module Defacer -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module $env:DEFACER_MODULE_PATH -Force
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Help of <Name>' -ForEach $script:Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
    }

    It 'has a synopsis that is not the generated syntax' {
        $script:Help.Synopsis | Should -Not -BeNullOrEmpty
        $script:Help.Synopsis | Should -Not -Match "^\s*$Name\s"
    }

    It 'has a description' {
        ($script:Help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        @($script:Help.examples.example).Count | Should -BeGreaterThan 0
        $script:Help.examples.example[0].code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $params = (Get-Command $Name).Parameters.Keys | Where-Object { $script:Common -notcontains $_ }
        $params | Should -Not -BeNullOrEmpty
        foreach ($p in $params) {
            $text = ($script:Help.parameters.parameter | Where-Object name -eq $p).description.Text
            $text | Should -Not -BeNullOrEmpty -Because "parameter -$p of $Name needs help text"
        }
    }
}
