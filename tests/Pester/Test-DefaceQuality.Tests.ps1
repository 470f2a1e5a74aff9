#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Test-DefaceQuality against the built module, on the built-in phantom dataset defaced by the real Quickshear method.

BeforeAll {
    Import-Module $env:DEFACER_MODULE_PATH -Force
    $script:Dataset = Join-Path $TestDrive 'ds'
    New-DefacerSampleDataset -Path $script:Dataset -Subjects 2 -VoxelSize 3 | Out-Null
    $script:Defaced = @(Get-BidsSubject -Path $script:Dataset | Invoke-Deface -Method Quickshear)
    $script:ReportDir = Join-Path $TestDrive 'qc'
    $script:Results = @($script:Defaced | Test-DefaceQuality -ReportPath $script:ReportDir -InformationVariable info)
    $script:Info = $info
}

Describe 'Test-DefaceQuality' {
    Context 'Invoke-Deface results from the pipeline' {
        It 'checks every defaced image against its backup' {
            $script:Defaced.Count | Should -BeGreaterThan 0
            $script:Results.Count | Should -Be $script:Defaced.Count
            foreach ($r in $script:Results) {
                $r.OriginalPath | Should -BeLike '*sourcedata*defacer*'
                $r.HeaderPreserved | Should -BeTrue
            }
        }

        It 'passes the good defacings: no brain voxel changed and no feature left' {
            foreach ($r in $script:Results) {
                $r.BrainVoxelsChanged | Should -Be 0
                $r.RemainingFeatures | Should -BeNullOrEmpty
                $r.Verdict | Should -Be 'Pass' -Because ($r.Reasons -join '; ')
            }
        }

        It 'writes report.html with one row per image, pictures beside it, and prints its path' {
            $report = Join-Path $script:ReportDir 'report.html'
            Test-Path $report | Should -BeTrue
            $html = Get-Content -Raw $report
            foreach ($r in $script:Results) { $html | Should -Match ([regex]::Escape($r.Image)) }
            foreach ($r in $script:Results) {
                $r.Pictures.Count | Should -BeGreaterThan 0
                foreach ($p in $r.Pictures.Values) { Test-Path $p | Should -BeTrue }
            }
            ($script:Info | Out-String) | Should -Match 'Quality report: .*report\.html'
        }
    }

    Context '-Path and -OriginalPath' {
        It 'fails an image whose face is untouched (compared with itself)' {
            $image = (Get-BidsSubject -Path $script:Dataset | Get-BidsImage -Suffix T2w | Select-Object -First 1).Path
            $r = Test-DefaceQuality -Path $image -OriginalPath $image -NoPicture
            $r.Verdict | Should -Be 'Fail'
            $r.RemainingFeatures | Should -Not -BeNullOrEmpty
            ($r.Reasons -join ';') | Should -Match 'face features remain'
        }

        It 'audits a file without an original: a face present fails' {
            $image = (Get-BidsSubject -Path $script:Dataset | Get-BidsImage -Suffix T2w | Select-Object -First 1).Path
            $r = Test-DefaceQuality -Path $image -NoPicture
            $r.OriginalPath | Should -BeNullOrEmpty
            $r.FacePresent | Should -BeTrue
            $r.Verdict | Should -Be 'Fail'
        }

        It 'writes no report with -NoPicture' {
            $dir = Join-Path $TestDrive 'nopic'
            $image = $script:Defaced[0].Path
            $null = Test-DefaceQuality -Path $image -OriginalPath $script:Defaced[0].BackupPath -ReportPath $dir -NoPicture
            Test-Path (Join-Path $dir 'report.html') | Should -BeFalse
        }
    }

    Context 'Errors' {
        It 'reports an unreadable file as QualityCheckReadError and goes on' {
            $bad = Join-Path $TestDrive 'bad.nii.gz'
            Set-Content -Path $bad -Value 'not a nifti'
            $r = Test-DefaceQuality -Path $bad -NoPicture -ErrorVariable err -ErrorAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'QualityCheckReadError,Defacer.Commands.TestDefaceQualityCommand'
        }

        It 'rejects input it does not understand with UnsupportedInput' {
            $null = 42 | Test-DefaceQuality -NoPicture -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'UnsupportedInput,Defacer.Commands.TestDefaceQualityCommand'
        }

        It 'refuses an -OriginalPath on another provider instead of auditing without it' {
            $bad = Join-Path $TestDrive 'bad.nii.gz'
            $r = Test-DefaceQuality -Path $bad -OriginalPath 'Env:PATH' -NoPicture -ErrorVariable err -ErrorAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFileSystem,Defacer.Commands.TestDefaceQualityCommand'
        }
    }

    Context 'Surface' {
        It 'declares its output type' {
            (Get-Command Test-DefaceQuality).OutputType.Type | Should -Contain ([Defacer.Engine.Quality.DefaceQualityResult])
        }

        It 'has -ReportPath, thresholds and -NoPicture' {
            $p = (Get-Command Test-DefaceQuality).Parameters
            foreach ($name in 'ReportPath', 'MaxBrainVoxelsChanged', 'WarnFaceRemovedPercent', 'WarnOutsideChangedPercent', 'FailOnHeaderChange', 'NoPicture', 'OriginalPath', 'InputObject') {
                $p.Keys | Should -Contain $name
            }
        }
    }
}
