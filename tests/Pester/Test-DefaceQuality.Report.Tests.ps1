#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# The report Test-DefaceQuality writes, opened from disk in a real browser (Debian's headless chromium, installed by
# tools/install-test-prerequisites.sh): every image row is there, the page's own self-check passes (rows rendered, no
# broken picture, sorting and filtering work), nothing is logged to the console as an error, and a screenshot is taken.
# One run holds good Quickshear defacings (Pass) and an audit of an untouched original (face present: Fail), so the
# page shows both verdicts. Set DEFACER_TEST_ARTIFACTS to keep the report and the screenshot (CI uploads them for a person to look at).

BeforeAll {
    Import-Module $env:DEFACER_MODULE_PATH -Force
    $script:Chromium = @($env:DEFACER_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser') |
        Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
    if (-not $script:Chromium) {
        throw 'Headless Chromium is required for the report browser test: apt-get install -y chromium (or set DEFACER_CHROMIUM).'
    }

    # Runs chromium headless and isolated (fresh profile, no network services; no sandbox because CI runs as root).
    function script:Invoke-Chromium([string] $Url, [string[]] $Arguments) {
        $profileDir = Join-Path $TestDrive ('chromium-' + [guid]::NewGuid().ToString('N'))
        $psi = [System.Diagnostics.ProcessStartInfo]::new($script:Chromium)
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        foreach ($a in @('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', "--user-data-dir=$profileDir") + $Arguments + @($Url)) {
            $psi.ArgumentList.Add($a)
        }
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEndAsync()
        $err = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw "chromium did not finish within 120 s: $Url" }
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; StdOut = $out.Result; StdErr = $err.Result }
    }

    $dataset = Join-Path $TestDrive 'ds'
    New-DefacerSampleDataset -Path $dataset -Subjects 2 -VoxelSize 3 | Out-Null
    $defaced = @(Get-BidsSubject -Path $dataset | Invoke-Deface -Method Quickshear)
    # An original audited on its own: the face is still there, so its row fails.
    $untouched = Join-Path $TestDrive 'untouched_T1w.nii.gz'
    Copy-Item -LiteralPath @($defaced | Where-Object { $_.Path -like '*_T1w.nii.gz' })[0].BackupPath -Destination $untouched
    $script:ReportDir = Join-Path $TestDrive 'qc'
    $script:Results = @(@($defaced) + @(Get-Item -LiteralPath $untouched) | Test-DefaceQuality -ReportPath $script:ReportDir)
    $script:Report = Join-Path $script:ReportDir 'report.html'
    $script:Url = [uri]::new($script:Report).AbsoluteUri
}

AfterAll {
    if ($env:DEFACER_TEST_ARTIFACTS -and $script:ReportDir -and (Test-Path $script:ReportDir)) {
        $keep = Join-Path $env:DEFACER_TEST_ARTIFACTS 'Test-DefaceQuality.Report'
        New-Item -ItemType Directory -Force -Path $keep | Out-Null
        Copy-Item -Path (Join-Path $script:ReportDir '*') -Destination $keep -Recurse -Force
    }
}

Describe 'Test-DefaceQuality report in a browser' {
    Context 'The run behind the report' {
        It 'has Pass rows for the Quickshear defacings and a Fail row for the untouched original' {
            $script:Results.Count | Should -BeGreaterThan 2
            @($script:Results | Where-Object Verdict -eq 'Fail').Count | Should -Be 1
            @($script:Results | Where-Object Verdict -eq 'Pass').Count | Should -Be ($script:Results.Count - 1)
            Test-Path $script:Report | Should -BeTrue
        }
    }

    Context 'Loaded from disk by headless chromium' {
        BeforeAll {
            $script:Dom = Invoke-Chromium ($script:Url + '#selftest') @('--virtual-time-budget=5000', '--dump-dom')
            $script:Check = [regex]::Match($script:Dom.StdOut, '<p id="selfcheck"[^>]*>').Value
        }

        It 'renders one row per checked image, each with its name and pictures' {
            $script:Dom.ExitCode | Should -Be 0 -Because $script:Dom.StdErr
            [regex]::Matches($script:Dom.StdOut, '<tr class="row"').Count | Should -Be $script:Results.Count
            foreach ($r in $script:Results) {
                $script:Dom.StdOut | Should -Match ([regex]::Escape($r.Image))
                foreach ($p in $r.Pictures.Values) { $script:Dom.StdOut | Should -Match ([regex]::Escape((Split-Path -Leaf $p))) }
            }
        }

        It 'passes its own self-check: every row rendered, no broken picture, sorting and filtering work' {
            $script:Check | Should -Not -BeNullOrEmpty
            $script:Check | Should -Match 'data-status="ok"'
            $script:Check | Should -Match ('data-rows="{0}"' -f $script:Results.Count)
            $script:Check | Should -Match 'data-broken-images="0"'
            $script:Check | Should -Match 'data-fail-shown="1"'
            $script:Check | Should -Match 'data-text-shown="1"'
        }

        It 'logs no console error and no uncaught exception' {
            $log = Invoke-Chromium $script:Url @('--virtual-time-budget=5000', '--enable-logging=stderr', '--v=0', '--dump-dom')
            $errors = @($log.StdErr -split "`n" | Where-Object { $_ -match 'Uncaught' -or ($_ -match 'CONSOLE' -and $_ -match 'error') })
            $errors | Should -BeNullOrEmpty
        }

        It 'takes a screenshot of the page' {
            $shot = Join-Path $script:ReportDir 'screenshot.png'
            # Wide enough for the thumbnails column, tall enough for every row of this run.
            $s = Invoke-Chromium $script:Url @('--virtual-time-budget=5000', '--hide-scrollbars', "--screenshot=$shot", '--window-size=2600,2000')
            Test-Path $shot | Should -BeTrue -Because $s.StdErr
            $bytes = [IO.File]::ReadAllBytes($shot)
            $bytes[0] | Should -Be 0x89
            $bytes.Length | Should -BeGreaterThan 10000
            if ($env:DEFACER_TEST_ARTIFACTS) {
                $keep = Join-Path $env:DEFACER_TEST_ARTIFACTS 'Test-DefaceQuality.Report'
                New-Item -ItemType Directory -Force -Path $keep | Out-Null
                Copy-Item -LiteralPath $shot -Destination $keep -Force
            }
        }
    }
}
