#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

BeforeAll {
    Import-Module $env:DEFACER_MODULE_PATH -Force

    # Stand-in tools: executable bash scripts that do nothing; the cmdlet only probes, it never starts them.
    function New-StandIn {
        param([string] $Folder, [string] $Name)
        New-Item -ItemType Directory -Path $Folder -Force | Out-Null
        $path = Join-Path $Folder $Name
        Set-Content -LiteralPath $path -Value "#!/bin/bash`nexit 0`n" -NoNewline
        & chmod +x $path
        $path
    }

    # The probe reads the process environment: pin PATH and the tool homes so no real tool on this machine counts.
    $script:SavedEnv = @{}
    foreach ($v in 'PATH', 'FREESURFER_HOME', 'FSLDIR', 'AFNI_HOME') { $script:SavedEnv[$v] = [Environment]::GetEnvironmentVariable($v) }
    function Reset-ToolEnvironment {
        $env:PATH = '/usr/bin:/bin'
        foreach ($v in 'FREESURFER_HOME', 'FSLDIR', 'AFNI_HOME') { [Environment]::SetEnvironmentVariable($v, $null) }
    }
}

AfterAll {
    foreach ($v in $script:SavedEnv.Keys) { [Environment]::SetEnvironmentVariable($v, $script:SavedEnv[$v]) }
}

Describe 'Get-DefaceMethod' {
    BeforeEach { Reset-ToolEnvironment }

    Context 'Parameters' {
        It 'declares DefaceMethodInfo as its output type' {
            (Get-Command Get-DefaceMethod).OutputType.Type | Should -Be ([Defacer.Engine.Deface.External.DefaceMethodInfo])
        }
        It 'takes -Name by position, from the pipeline, with wildcards and the alias Method' {
            $p = (Get-Command Get-DefaceMethod).Parameters['Name']
            $attr = $p.Attributes.Where({ $_ -is [Parameter] })[0]
            $attr.Position | Should -Be 0
            $attr.ValueFromPipeline | Should -BeTrue
            $p.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }) | Should -Not -BeNullOrEmpty
            $p.Aliases | Should -Contain 'Method'
        }
        It 'completes method names' {
            $r = TabExpansion2 -inputScript 'Get-DefaceMethod Mri' -cursorColumn 20
            $r.CompletionMatches.CompletionText | Should -Be @('MriDeface', 'MriDefacer')
        }
    }

    Context 'Listing' {
        It 'lists the native methods first, available when this build registers them, then every external method' {
            $all = @(Get-DefaceMethod)
            $all[0..1].Name | Should -Be @('Quickshear', 'FaceMask')
            $all[-8..-1].Name | Should -Be @('MriDeface', 'Pydeface', 'QuickshearPython', 'MriDefacer', 'AfniRefacer', 'DeepDefacer', 'FslDeface', 'Mideface')
            $registry = [Defacer.Engine.Deface.DefaceMethodRegistry]::Default
            $all | Where-Object Kind -eq 'Native' | ForEach-Object {
                $_.Available | Should -Be $registry.Contains($_.Name) -Because $_.Name
                if ($_.Available) { $_.Reason | Should -BeNullOrEmpty } else { $_.Reason | Should -Be 'not registered in this build of the module' }
            }
        }
        It 'reports every external tool unavailable when none is installed, with a reason' {
            $ext = Get-DefaceMethod | Where-Object Kind -eq 'External'
            $ext | ForEach-Object { $_.Available | Should -BeFalse -Because $_.Name; $_.Reason | Should -Not -BeNullOrEmpty }
            (Get-DefaceMethod Mideface).Reason | Should -BeLike 'mideface not found on PATH or under FREESURFER_HOME/bin*'
        }
        It 'filters by wildcard and by -Available' {
            (Get-DefaceMethod 'Mri*').Name | Should -Be @('MriDeface', 'MriDefacer')
            @((Get-DefaceMethod -Available).Name) | Should -Be @([Defacer.Engine.Deface.External.ExternalToolCatalog]::RunnableNativeMethods)
        }
        It 'shows a table with Available and Reason' {
            $text = Get-DefaceMethod | Format-Table | Out-String
            $text | Should -Match 'Name\s+Kind\s+Available\s+Tool\s+Reason'
            $text | Should -Match 'MriDeface\s+External\s+False\s+mri_deface\s+mri_deface not found'
        }
    }

    Context 'Availability is reported truthfully' {
        It 'a stand-in pydeface on PATH plus FSLDIR flips Pydeface to available' {
            $bin = Join-Path $TestDrive 'bin'
            New-StandIn $bin 'pydeface' | Out-Null
            $env:PATH = "${bin}:/usr/bin:/bin"
            $m = Get-DefaceMethod Pydeface
            $m.Available | Should -BeFalse
            $m.Reason | Should -Be "FSLDIR is not set (pydeface runs FSL's flirt)"
            $env:FSLDIR = $TestDrive
            $m = Get-DefaceMethod Pydeface
            $m.Available | Should -BeTrue
            $m.Path | Should -Be (Join-Path $bin 'pydeface')
        }
        It 'FREESURFER_HOME pointing at an empty folder gives the atlas reason' {
            $fs = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty-fs') -Force
            $env:FREESURFER_HOME = $fs.FullName
            $reason = (Get-DefaceMethod MriDeface).Reason
            $reason | Should -BeLike '*mri_deface not found on PATH or under FREESURFER_HOME/bin*'
            $reason | Should -BeLike "*atlases talairach_mixed_with_skull.gca, face.gca missing under FREESURFER_HOME/average*"
        }
        It 'mri_deface under FREESURFER_HOME/bin with its atlases under average is available' {
            $fs = Join-Path $TestDrive 'fs'
            New-StandIn (Join-Path $fs 'bin') 'mri_deface' | Out-Null
            New-Item -ItemType Directory -Path (Join-Path $fs 'average') -Force | Out-Null
            'x' | Set-Content (Join-Path $fs 'average/talairach_mixed_with_skull.gca')
            'x' | Set-Content (Join-Path $fs 'average/face.gca')
            $env:FREESURFER_HOME = $fs
            (Get-DefaceMethod MriDeface).Available | Should -BeTrue
        }
        It '-ToolPath and -AtlasPath are honoured' {
            $tools = Join-Path $TestDrive 'tools'
            New-StandIn $tools 'mri_deface' | Out-Null
            $atlases = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'atlases') -Force
            'x' | Set-Content (Join-Path $atlases 'talairach_mixed_with_skull.gca')
            $m = Get-DefaceMethod MriDeface -ToolPath $tools -AtlasPath $atlases
            $m.Reason | Should -Be "atlas face.gca missing in -AtlasPath $($atlases.FullName)"
            'x' | Set-Content (Join-Path $atlases 'face.gca')
            (Get-DefaceMethod MriDeface -ToolPath $tools -AtlasPath $atlases).Available | Should -BeTrue
        }
        It 'with -Container only the container runtime is needed' {
            $bin = Join-Path $TestDrive 'rt'
            (Get-DefaceMethod FslDeface -Container docker://example/fsl -ToolPath $bin).Reason | Should -BeLike 'container runtime docker not found*'
            New-StandIn $bin 'docker' | Out-Null
            $m = Get-DefaceMethod FslDeface -Container docker://example/fsl -ToolPath $bin
            $m.Available | Should -BeTrue
            $m.Container | Should -Be 'docker://example/fsl'
        }
    }

    Context 'Errors' {
        It 'an unknown name is a non-terminating DefaceMethodNotFound error' {
            $out = Get-DefaceMethod NoSuchTool, Quickshear -ErrorVariable err -ErrorAction SilentlyContinue
            $out.Name | Should -Be 'Quickshear'
            $err[0].FullyQualifiedErrorId | Should -Be 'DefaceMethodNotFound,Defacer.Commands.GetDefaceMethodCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 'NoSuchTool'
        }
        It 'a wildcard that matches nothing is silent' {
            Get-DefaceMethod 'Zz*' -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }
        It 'an invalid -Container is terminating' {
            { Get-DefaceMethod -Container ubuntu } | Should -Throw -ErrorId 'InvalidContainer,Defacer.Commands.GetDefaceMethodCommand'
        }
    }
}

Describe 'ExternalToolErrors (shared by cmdlets that run external tools)' {
    It 'maps a missing tool to a stable id, NotInstalled, the method as target and a recommended action' {
        $e = [Defacer.Engine.Deface.External.ExternalToolException]::new('MriDeface', 'mri_deface', 'ToolMissing', 'The MriDeface method cannot run here.', $null, 'FreeSurfer', $null, $null, $null)
        $r = [Defacer.Commands.ExternalToolErrors]::ToErrorRecord($e, $null)
        $r.FullyQualifiedErrorId | Should -Be 'ExternalToolMissing'
        $r.CategoryInfo.Category | Should -Be 'NotInstalled'
        $r.TargetObject | Should -Be 'MriDeface'
        $natives = [Defacer.Engine.Deface.External.ExternalToolCatalog]::RunnableNativeMethods
        $expected = if ($natives.Count) { "Install mri_deface: FreeSurfer. Or use a native method: $($natives -join ', ')." } else { 'Install mri_deface: FreeSurfer.' }
        $r.ErrorDetails.RecommendedAction | Should -Be $expected
    }
    It 'maps a per-image failure to its own id and category with the image as target' {
        $e = [Defacer.Engine.Deface.External.ExternalToolException]::new('Pydeface', 'pydeface', 'Timeout', 'x', '/d/sub-01_T1w.nii.gz', $null, $null, $null, $null)
        $r = [Defacer.Commands.ExternalToolErrors]::ToErrorRecord($e, $null)
        $r.FullyQualifiedErrorId | Should -Be 'ExternalToolTimeout'
        $r.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $r.TargetObject | Should -Be '/d/sub-01_T1w.nii.gz'
        [Defacer.Commands.ExternalToolErrors]::Category('MalformedOutput') | Should -Be 'InvalidData'
        [Defacer.Commands.ExternalToolErrors]::ErrorId('NonZeroExit') | Should -Be 'ExternalToolNonZeroExit'
    }
}
