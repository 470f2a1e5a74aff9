BeforeAll {
    # build.ps1 names the built module; run by hand, the tests fall back to out/Defacer.
    $modulePath = if ($env:DEFACER_MODULE_PATH) { $env:DEFACER_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/Defacer/Defacer.psd1' }
    Import-Module $modulePath -Force
    $script:Examples = Join-Path $PSScriptRoot '../../../shared/data/bids-examples'
    if ($env:DEFACER_SHARED) { $script:Examples = Join-Path $env:DEFACER_SHARED 'data/bids-examples' }
    if (-not (Test-Path -LiteralPath $script:Examples)) { throw "bids-examples not found at '$script:Examples' (place ../shared beside the clone or set DEFACER_SHARED)." }
    $script:Ds117 = Join-Path $script:Examples 'ds000117'

    # A small dataset built per test: files relative to $Root with optional text.
    function New-TestDataset {
        param([string] $Root, [hashtable] $Files = @{})
        New-Item -ItemType Directory -Path $Root -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $Root 'dataset_description.json') -Value '{"Name": "t", "BIDSVersion": "1.10.0"}'
        foreach ($rel in $Files.Keys) {
            $full = Join-Path $Root $rel
            New-Item -ItemType Directory -Path (Split-Path $full) -Force | Out-Null
            Set-Content -LiteralPath $full -Value $Files[$rel] -NoNewline
        }
        $Root
    }
}

Describe 'Get-BidsSubject' {
    Context 'Parameters' {
        BeforeAll { $script:cmd = Get-Command Get-BidsSubject }

        It 'declares BidsSubject as its output type' {
            $cmd.OutputType.Type | Should -Be ([Defacer.Engine.Bids.BidsSubject])
        }
        It 'takes -Path by position, pipeline and property name, with wildcards' {
            $p = $cmd.Parameters['Path']
            $p.Attributes.Where({ $_ -is [Parameter] })[0].Position | Should -Be 0
            $p.Attributes.Where({ $_ -is [Parameter] })[0].ValueFromPipeline | Should -BeTrue
            $p.Attributes.Where({ $_ -is [Parameter] })[0].ValueFromPipelineByPropertyName | Should -BeTrue
            $p.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }) | Should -Not -BeNullOrEmpty
        }
        It 'has -LiteralPath with aliases PSPath and LP' {
            $cmd.Parameters['LiteralPath'].Aliases | Should -Be @('PSPath', 'LP')
        }
        It 'completes -Subject and -Session with an argument completer' {
            foreach ($name in 'Subject', 'Session') {
                $cmd.Parameters[$name].Attributes.Where({ $_ -is [ArgumentCompleter] }) | Should -Not -BeNullOrEmpty
            }
        }
    }

    Context 'Listing a dataset' {
        It 'lists the 16 subjects of ds000117 and sub-emptyroom, with their sessions' {
            $subjects = Get-BidsSubject $Ds117 -WarningAction SilentlyContinue
            $subjects.Count | Should -Be 17
            $subjects[-1].Label | Should -Be 'emptyroom'
            $subjects[0].Sessions.Label | Should -Be @('meg', 'mri')
            $subjects[0].Images.RelativePath | Should -Be 'sub-01/ses-mri/anat/sub-01_ses-mri_acq-mprage_T1w.nii.gz'
        }
        It 'warns that .bidsignore hides FLASH images' {
            $null = Get-BidsSubject $Ds117 -Subject 01 -WarningVariable w -WarningAction SilentlyContinue
            ($w -join "`n") | Should -Match '14 anatomical image\(s\).*hidden by \.bidsignore.*FLASH'
        }
        It 'defaults to the current location' {
            Push-Location (Join-Path $Examples 'ds051')
            try { (Get-BidsSubject).Count | Should -Be 13 } finally { Pop-Location }
        }
        It 'writes nothing' {
            $before = Get-ChildItem -LiteralPath $Ds117 -Recurse -Force | ForEach-Object { "$($_.FullName)|$($_.LastWriteTimeUtc.Ticks)" }
            $null = Get-BidsSubject $Ds117 -WarningAction SilentlyContinue
            Get-ChildItem -LiteralPath $Ds117 -Recurse -Force | ForEach-Object { "$($_.FullName)|$($_.LastWriteTimeUtc.Ticks)" } | Should -Be $before
        }
    }

    Context 'Subject and session filters' {
        It 'accepts <Value> for subject 01' -TestCases @(@{ Value = '01' }, @{ Value = 'sub-01' }) {
            (Get-BidsSubject $Ds117 -Subject $Value -WarningAction SilentlyContinue).Label | Should -Be '01'
        }
        It 'matches 01, 02 typed unquoted (PowerShell makes them the integers 1 and 2)' {
            (Get-BidsSubject $Ds117 -Subject 01, 02 -WarningAction SilentlyContinue).Label | Should -Be @('01', '02')
        }
        It 'expands wildcards' {
            (Get-BidsSubject $Ds117 -Subject '1*' -WarningAction SilentlyContinue).Label | Should -Be @('10', '11', '12', '13', '14', '15', '16')
            (Get-BidsSubject $Ds117 -Subject 'sub-0[1-3]' -WarningAction SilentlyContinue).Label | Should -Be @('01', '02', '03')
        }
        It 'keeps only subjects with a matching session' {
            $s = Get-BidsSubject $Ds117 -Session 'ses-mri' -WarningAction SilentlyContinue
            $s.Count | Should -Be 16
            $s.Sessions.Label | Select-Object -Unique | Should -Be 'mri'
        }
        It 'reports a literal label that matches nothing as a non-terminating BidsSubjectNotFound' {
            $s = Get-BidsSubject $Ds117 -Subject 01, 99 -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $s.Label | Should -Be '01'
            $err[0].FullyQualifiedErrorId | Should -Be 'BidsSubjectNotFound,Defacer.Commands.GetBidsSubjectCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
        It 'rejects <Value> as a subject label' -TestCases @(@{ Value = '../sub-01' }, @{ Value = 'sub-01/anat' }, @{ Value = '..' }, @{ Value = 'a\b' }) {
            { Get-BidsSubject $Ds117 -Subject $Value } | Should -Throw -ErrorId 'BidsSubjectLabelInvalid,Defacer.Commands.GetBidsSubjectCommand'
        }
        It 'rejects a path as a session label' {
            { Get-BidsSubject $Ds117 -Session '../x' } | Should -Throw -ErrorId 'BidsSessionLabelInvalid,Defacer.Commands.GetBidsSubjectCommand'
        }
    }

    Context 'Pipeline binding' {
        It 'takes paths from the pipeline' {
            (Join-Path $Examples 'ds051'), (Join-Path $Examples 'ds114') | Get-BidsSubject | Should -HaveCount 23
        }
        It 'takes folders from Get-Item through PSPath' {
            (Get-Item (Join-Path $Examples 'ds051') | Get-BidsSubject).Count | Should -Be 13
        }
        It 'takes objects with a Path property' {
            ([pscustomobject]@{ Path = (Join-Path $Examples 'mri_chunk') } | Get-BidsSubject).Label | Should -Be '001'
        }
        It 'expands -Path wildcards over several datasets' {
            (Get-BidsSubject (Join-Path $Examples 'ds11*')).Count | Should -Be 10
        }
        It 'uses -LiteralPath for folders with wildcard characters' {
            $root = New-TestDataset -Root (Join-Path $TestDrive 'odd [1] ds ü') -Files @{ 'sub-01/anat/sub-01_T1w.nii.gz' = '' }
            (Get-BidsSubject -LiteralPath $root).Images.FileName | Should -Be 'sub-01_T1w.nii.gz'
        }
    }

    Context 'Errors' {
        It 'is a terminating BidsDatasetNotFound for a folder without dataset_description.json' {
            { Get-BidsSubject (Join-Path $Ds117 'derivatives/freesurfer') } | Should -Throw -ErrorId 'BidsDatasetNotFound,Defacer.Commands.GetBidsSubjectCommand'
        }
        It 'is a terminating BidsDatasetNotFound for a missing path' {
            { Get-BidsSubject -LiteralPath (Join-Path $TestDrive 'nope') } | Should -Throw -ErrorId 'BidsDatasetNotFound,Defacer.Commands.GetBidsSubjectCommand'
            { Get-BidsSubject (Join-Path $TestDrive 'nope*') } | Should -Throw -ErrorId 'BidsDatasetNotFound,Defacer.Commands.GetBidsSubjectCommand'
        }
        It 'is a terminating BidsPathNotFileSystem for another provider and BidsPathInvalid for an unknown drive' {
            { Get-BidsSubject -LiteralPath 'Env:PATH' } | Should -Throw -ErrorId 'BidsPathNotFileSystem,Defacer.Commands.GetBidsSubjectCommand'
            { Get-BidsSubject 'nodrive-defacer:/ds' } | Should -Throw -ErrorId 'BidsPathInvalid,Defacer.Commands.GetBidsSubjectCommand'
        }
        It 'writes a non-terminating BidsSidecarMalformed naming file and line, and goes on' {
            $root = New-TestDataset -Root (Join-Path $TestDrive 'badjson') -Files @{
                'sub-01/anat/sub-01_T1w.nii.gz' = ''
                'sub-01/anat/sub-01_T1w.json'   = "{`n  `"EchoTime`": 0.003`n  `"FlipAngle`": 9`n}"
                'sub-02/anat/sub-02_T1w.nii.gz' = ''
            }
            $s = Get-BidsSubject $root -ErrorVariable err -ErrorAction SilentlyContinue
            $s.Count | Should -Be 2
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'BidsSidecarMalformed,Defacer.Commands.GetBidsSubjectCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].TargetObject | Should -Be (Join-Path $root 'sub-01/anat/sub-01_T1w.json')
            $err[0].Exception.Message | Should -Match 'sub-01_T1w\.json.*line 3'
        }
        It 'writes a non-terminating BidsTsvMalformed for a bad participants.tsv row' {
            $root = New-TestDataset -Root (Join-Path $TestDrive 'badtsv') -Files @{
                'participants.tsv'              = "participant_id`tage`nsub-01`n"
                'sub-01/anat/sub-01_T1w.nii.gz' = ''
            }
            $s = Get-BidsSubject $root -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $s.Label | Should -Be '01'
            $err[0].FullyQualifiedErrorId | Should -Be 'BidsTsvMalformed,Defacer.Commands.GetBidsSubjectCommand'
            $err[0].Exception.Message | Should -Match 'line 2'
        }
        It 'warns to datalad get an annex pointer file and still lists the image' {
            $root = New-TestDataset -Root (Join-Path $TestDrive 'annex') -Files @{
                'sub-01/anat/sub-01_T1w.nii.gz' = '/annex/objects/SHA256E-s844--abc.nii.gz'
            }
            $s = Get-BidsSubject $root -WarningVariable w -WarningAction SilentlyContinue
            $s.Images[0].ContentState | Should -Be 'AnnexPointer'
            ($w -join "`n") | Should -Match "datalad get sub-01/anat/sub-01_T1w\.nii\.gz.*\[BidsContentAbsent\]"
        }
        It 'reports a dangling annex symlink' {
            $root = New-TestDataset -Root (Join-Path $TestDrive 'dangling')
            New-Item -ItemType Directory -Path (Join-Path $root 'sub-01/anat') -Force | Out-Null
            [System.IO.File]::CreateSymbolicLink((Join-Path $root 'sub-01/anat/sub-01_T1w.nii.gz'), '../../.git/annex/objects/a/b/K/K') | Out-Null
            $img = (Get-BidsSubject $root -WarningAction SilentlyContinue).Images[0]
            $img.ContentState | Should -Be 'DanglingSymlink'
            $img.IsAnnexSymlink | Should -BeTrue
        }
    }

    Context 'Tab completion' {
        It 'completes subject labels from the dataset named by -Path' {
            $line = "Get-BidsSubject -Path '$Ds117' -Subject 1"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('10', '11', '12', '13', '14', '15', '16')
        }
        It 'completes sub- prefixed input and -LiteralPath' {
            $line = "Get-BidsSubject -LiteralPath '$Ds117' -Subject sub-e"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'emptyroom'
        }
        It 'completes session labels of the chosen subject' {
            $line = "Get-BidsSubject '$Ds117' -Subject 01 -Session m"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('meg', 'mri')
        }
        It 'offers nothing outside a dataset' {
            $line = "Get-BidsSubject -Path '$TestDrive' -Subject "
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
        }
    }

    Context 'Table view' {
        It 'shows subject, sessions and image counts' {
            $text = Get-BidsSubject (Join-Path $Examples 'ds114') -Subject 01 | Format-Table | Out-String
            $text | Should -Match 'Subject\s+Sessions\s+Images'
            $text | Should -Match '01\s+retest, test\s+2'
        }
    }
}
