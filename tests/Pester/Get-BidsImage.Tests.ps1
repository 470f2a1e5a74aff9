BeforeAll {
    # build.ps1 names the built module; run by hand, the tests fall back to out/Defacer.
    $modulePath = if ($env:DEFACER_MODULE_PATH) { $env:DEFACER_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/Defacer/Defacer.psd1' }
    Import-Module $modulePath -Force
    $script:Examples = Join-Path $PSScriptRoot '../../../shared/data/bids-examples'
    if ($env:DEFACER_SHARED) { $script:Examples = Join-Path $env:DEFACER_SHARED 'data/bids-examples' }
    if (-not (Test-Path -LiteralPath $script:Examples)) { throw "bids-examples not found at '$script:Examples' (place ../shared beside the clone or set DEFACER_SHARED)." }
    $script:Ds117 = Join-Path $script:Examples 'ds000117'
    $script:Mp2rage = Join-Path $script:Examples 'qmri_mp2rage'
}

Describe 'Get-BidsImage' {
    Context 'Parameters' {
        BeforeAll { $script:cmd = Get-Command Get-BidsImage }

        It 'declares BidsImage as its output type' {
            $cmd.OutputType.Type | Should -Be ([Defacer.Engine.Bids.BidsImage])
        }
        It 'has Path (default), LiteralPath and InputObject parameter sets' {
            $cmd.DefaultParameterSet | Should -Be 'Path'
            $cmd.ParameterSets.Name | Sort-Object | Should -Be @('InputObject', 'LiteralPath', 'Path')
        }
        It 'takes subjects from the pipeline by value' {
            $a = $cmd.Parameters['InputObject'].Attributes.Where({ $_ -is [Parameter] })[0]
            $a.ValueFromPipeline | Should -BeTrue
            $cmd.Parameters['InputObject'].ParameterType | Should -Be ([Defacer.Engine.Bids.BidsSubject[]])
        }
        It 'completes -Suffix with anatomical suffixes' {
            $line = 'Get-BidsImage -Suffix T1'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('T1map', 'T1rho', 'T1w')
        }
    }

    Context 'From subjects on the pipeline' {
        It 'reads naturally: Get-BidsSubject -Subject 01 | Get-BidsImage -Suffix T1w' {
            $img = Get-BidsSubject $Ds117 -Subject 01 -WarningAction SilentlyContinue | Get-BidsImage -Suffix T1w
            $img.RelativePath | Should -Be 'sub-01/ses-mri/anat/sub-01_ses-mri_acq-mprage_T1w.nii.gz'
            $img.Metadata['DeviceSerialNumber'].ToString() | Should -Be '35119'
        }
        It 'works with Where-Object Suffix -eq T1w' {
            $t1 = Get-BidsSubject (Join-Path $Examples 'ds051') -Subject 07 | Get-BidsImage | Where-Object Suffix -eq T1w
            $t1.Entities.Run | Should -Be @('01', '02', '03')
        }
        It 'filters subjects again with -Subject' {
            (Get-BidsSubject (Join-Path $Examples 'ds051') | Get-BidsImage -Subject 07 -Suffix inplaneT2).Count | Should -Be 2
        }
        It 'outputs ignored images only with -IncludeBidsIgnored' {
            $s = Get-BidsSubject $Ds117 -Subject 02 -WarningAction SilentlyContinue
            ($s | Get-BidsImage).Count | Should -Be 1
            $all = $s | Get-BidsImage -IncludeBidsIgnored
            $all.Count | Should -Be 15
            ($all | Where-Object IsBidsIgnored).Suffix | Select-Object -Unique | Should -Be 'FLASH'
        }
    }

    Context 'From a dataset path' {
        It 'lists every anat image of ds004332 (.nii with task, acq, rec)' {
            $images = Get-BidsImage -Path (Join-Path $Examples 'ds004332')
            $images.Count | Should -Be 58
            $images.Extension | Select-Object -Unique | Should -Be '.nii'
        }
        It 'filters suffixes with wildcards, case-sensitively' {
            (Get-BidsImage (Join-Path $Examples 'ds004332') -Suffix 'T2*').Suffix | Select-Object -Unique | Sort-Object | Should -Be @('T2starw', 'T2w')
            Get-BidsImage (Join-Path $Examples 'ds004332') -Suffix 't1w' | Should -BeNullOrEmpty
        }
        It 'filters sessions' {
            (Get-BidsImage (Join-Path $Examples 'ds114') -Session retest).SessionLabel | Select-Object -Unique | Should -Be 'retest'
        }
        It 'takes -LiteralPath from Get-Item' {
            (Get-Item (Join-Path $Examples 'mri_chunk') | Get-BidsImage).Entities.Chunk | Should -Be @('1', '2')
        }
        It 'warns about images hidden by .bidsignore and lists them with -IncludeBidsIgnored' {
            $images = Get-BidsImage $Ds117 -WarningVariable w -WarningAction SilentlyContinue
            $images.Count | Should -Be 16
            ($w -join "`n") | Should -Match '224 anatomical image\(s\).*\[BidsAnatIgnored\]'
            $all = Get-BidsImage $Ds117 -IncludeBidsIgnored -WarningVariable w2 -WarningAction SilentlyContinue
            $all.Count | Should -Be 240
            $w2 | Should -BeNullOrEmpty
        }
    }

    Context 'Deface masks' {
        It 'leaves out _defacemask images by default' {
            $images = Get-BidsImage $Mp2rage
            $images.Count | Should -Be 6
            $images.IsDefaceMask | Should -Not -Contain $true
        }
        It 'includes them with -IncludeDefaceMask or -Suffix defacemask' {
            (Get-BidsImage $Mp2rage -IncludeDefaceMask).Count | Should -Be 7
            $mask = Get-BidsImage $Mp2rage -Suffix defacemask
            $mask.FileName | Should -Be 'sub-1_mod-MP2RAGE_defacemask.nii.gz'
            $mask.Entities.Modality | Should -Be 'MP2RAGE'
        }
    }

    Context 'Errors' {
        It 'is a terminating BidsDatasetNotFound for a folder that is not a dataset' {
            { Get-BidsImage -LiteralPath $TestDrive } | Should -Throw -ErrorId 'BidsDatasetNotFound,Defacer.Commands.GetBidsImageCommand'
        }
        It 'rejects a path as a subject label' {
            { Get-BidsImage $Ds117 -Subject '../../etc' } | Should -Throw -ErrorId 'BidsSubjectLabelInvalid,Defacer.Commands.GetBidsImageCommand'
        }
        It 'reports a literal subject that is not there' {
            $null = Get-BidsImage $Ds117 -Subject 42 -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'BidsSubjectNotFound,Defacer.Commands.GetBidsImageCommand'
        }
    }

    Context 'Table view' {
        It 'shows subject, session, suffix and content state' {
            $text = Get-BidsImage (Join-Path $Examples 'synthetic') -Subject 01 | Format-Table | Out-String
            $text | Should -Match 'Subject\s+Session\s+Suffix\s+Content'
            $text | Should -Match '01\s+01\s+T1w\s+HeaderOnly'
        }
    }
}
