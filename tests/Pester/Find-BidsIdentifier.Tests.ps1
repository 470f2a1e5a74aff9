# Find-BidsIdentifier: the audit lists findings and never changes a file.
BeforeAll {
    Import-Module $env:DEFACER_MODULE_PATH -Force
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $shared = if ($env:DEFACER_SHARED) { $env:DEFACER_SHARED } else { Join-Path $repoRoot '../shared' }
    $script:Examples = Join-Path $shared 'data/bids-examples'
    if (-not (Test-Path $script:Examples)) { throw "Shared bids-examples not found at '$script:Examples'." }
    $script:Parent = Join-Path ([IO.Path]::GetTempPath()) ('defacer-find-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    $null = New-Item -ItemType Directory $script:Parent
    if ($IsLinux) { & cp -R (Join-Path $script:Examples 'ds000117') $script:Parent; & chmod -R u+w $script:Parent } else { Copy-Item -Recurse (Join-Path $script:Examples 'ds000117') $script:Parent }
    $script:Ds = Join-Path $script:Parent 'ds000117'
    $null = New-Item -ItemType Directory (Join-Path $script:Ds 'sourcedata/dicom')

    function Get-TreeState([string] $Root) {
        # relative path = SHA-256 of every file, hidden ones included: the whole state of the folder.
        # (.NET hashing in a plain loop: Get-FileHash per file costs seconds on the 2,448 files of ds000117.)
        $files = [IO.Directory]::GetFiles($Root, '*', [IO.SearchOption]::AllDirectories)
        [Array]::Sort($files, [StringComparer]::Ordinal)
        foreach ($f in $files) {
            $hash = try { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([IO.File]::ReadAllBytes($f))) } catch [IO.FileNotFoundException] { 'dangling' }
            '{0}={1}' -f $f.Substring($Root.Length), $hash
        }
    }
}

AfterAll {
    if ($script:Parent -and (Test-Path $script:Parent)) { Remove-Item -Recurse -Force $script:Parent }
}

Describe 'Find-BidsIdentifier' {
    Context 'Audit' {
        BeforeAll {
            $script:Before = Get-TreeState $script:Ds
            $script:Findings = @(Find-BidsIdentifier $script:Ds)
        }

        It 'changes nothing' {
            Get-TreeState $script:Ds | Should -Be $script:Before
        }

        It 'lists file, field, value preview and action for each finding' {
            $f = $script:Findings | Where-Object { $_.RelativePath -eq 'acq-mprage_T1w.json' -and $_.Field -eq 'StationName' }
            $f.ValuePreview | Should -Be 'MRC35119'
            $f.Action | Should -Be 'Remove'
            $f.Path | Should -Be (Join-Path $script:Ds 'acq-mprage_T1w.json')
        }

        It 'reports acq_time shifts, date-like labels and the sourcedata folder' {
            $script:Findings | Where-Object { $_.Field -eq 'acq_time' -and $_.Action -eq 'ShiftDate' } | Should -Not -BeNullOrEmpty
            $script:Findings | Where-Object { $_.Kind -eq 'FileName' -and $_.Field -eq 'ses-20090409' } | Should -Not -BeNullOrEmpty
            $script:Findings | Where-Object { $_.Kind -eq 'Folder' -and $_.Field -eq 'sourcedata/' } | Should -Not -BeNullOrEmpty
        }

        It 'shows kept groups as Keep' {
            $kept = @(Find-BidsIdentifier $script:Ds -KeepGroup InstitutionAndDevice | Where-Object Field -eq 'InstitutionName')
            $kept.Count | Should -BeGreaterThan 0
            $kept.Action | Sort-Object -Unique | Should -Be 'Keep'
        }
    }

    Context 'Errors' {
        It 'reports a malformed table by id and continues' {
            $bad = Join-Path $script:Ds 'sub-01/ses-meg/sub-01_ses-meg_scans.tsv'
            $saved = Get-Content -Raw $bad
            try {
                Add-Content -LiteralPath $bad -Value 'only-one-cell'
                $out = @(Find-BidsIdentifier -LiteralPath $script:Ds -ErrorVariable err -ErrorAction SilentlyContinue)
                $err.Count | Should -Be 1
                $err[0].FullyQualifiedErrorId | Should -Be 'MalformedMetadataFile,Defacer.Commands.FindBidsIdentifierCommand'
                $err[0].Exception.Message | Should -BeLike "$($bad):8:1:*"
                $out.Count | Should -BeGreaterThan 0
            }
            finally {
                Set-Content -LiteralPath $bad -Value $saved -NoNewline
            }
        }
    }
}
