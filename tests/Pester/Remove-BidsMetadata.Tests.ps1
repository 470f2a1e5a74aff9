# Remove-BidsMetadata on private copies of the shared bids-examples datasets (the shared folder is never modified).
BeforeDiscovery {
    $script:ValidatorDatasets = @('ds000117', 'ds004332', 'qmri_mp2rage', 'synthetic', 'ds114', 'ds051', 'mri_chunk') | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    Import-Module $env:DEFACER_MODULE_PATH -Force
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $shared = if ($env:DEFACER_SHARED) { $env:DEFACER_SHARED } else { Join-Path $script:RepoRoot '../shared' }
    $script:Examples = Join-Path $shared 'data/bids-examples'
    if (-not (Test-Path $script:Examples)) { throw "Shared bids-examples not found at '$script:Examples' (place ../shared beside the clone or set DEFACER_SHARED)." }
    $script:Temp = @()

    function New-DatasetCopy([string] $Name) {
        $parent = Join-Path ([IO.Path]::GetTempPath()) ('defacer-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
        $null = New-Item -ItemType Directory -Path $parent
        $script:Temp += $parent
        # cp is ~20x faster than Copy-Item on the 2,448 files of ds000117.
        # The shared folders are read-only (0555); the copy's folders must be writable, as a user's dataset is.
        if ($IsLinux) { & cp -R (Join-Path $script:Examples $Name) $parent; & chmod -R u+w $parent } else { Copy-Item -Recurse (Join-Path $script:Examples $Name) $parent }
        return (Join-Path $parent $Name)
    }

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
    foreach ($t in $script:Temp) { if (Test-Path $t) { Remove-Item -Recurse -Force $t } }
}

Describe 'Remove-BidsMetadata' {
    Context 'WhatIf' {
        It 'changes no file and creates no backup folder' {
            $ds = New-DatasetCopy 'ds000117'
            $before = Get-TreeState $ds
            $out = Remove-BidsMetadata $ds -WhatIf -WarningAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-TreeState $ds | Should -Be $before
            Join-Path $ds 'sourcedata' | Should -Not -Exist
        }
    }

    Context 'Removal' {
        BeforeAll {
            $script:Ds = New-DatasetCopy 'ds000117'
            $script:Changes = @(Remove-BidsMetadata $script:Ds -WarningAction SilentlyContinue)
        }

        It 'outputs one object per changed file with what was removed' {
            $script:Changes.Count | Should -BeGreaterThan 10
            $script:Changes[0].GetType().FullName | Should -Be 'Defacer.Engine.Metadata.MetadataChange'
            @($script:Changes.RelativePath | Sort-Object -Unique).Count | Should -Be $script:Changes.Count
            $root = $script:Changes | Where-Object RelativePath -eq 'acq-mprage_T1w.json'
            $root.Removed | Should -Contain 'DeviceSerialNumber'
            $root.Removed | Should -Contain 'InstitutionName'
        }

        It 'leaves no list-A key and keeps the other keys in their order' {
            $json = Get-Content -Raw (Join-Path $script:Ds 'acq-mprage_T1w.json') | ConvertFrom-Json
            $names = $json.PSObject.Properties.Name
            foreach ($k in 'InstitutionName', 'InstitutionAddress', 'DeviceSerialNumber', 'StationName', 'ImageComments', 'ProtocolName', 'SeriesDescription', 'ProcedureStepDescription') {
                $names | Should -Not -Contain $k
            }
            $names[0..2] | Should -Be @('InPlanePhaseEncodingDirectionDICOM', 'InversionTime', 'AcquisitionMatrixPE')
        }

        It 'records the de-identification in the image sidecars it cleaned (BIDS DeidentificationMethod and code sequence)' {
            $json = Get-Content -Raw (Join-Path $script:Ds 'acq-mprage_T1w.json') | ConvertFrom-Json
            @($json.DeidentificationMethod).Count | Should -Be 1
            $json.DeidentificationMethod[0] | Should -BeLike 'Defacer * Remove-BidsMetadata: identifying metadata removed'
            $json.DeidentificationMethodCodeSequence.CodeValue | Should -Be '113100'
            ($script:Changes | Where-Object RelativePath -eq 'acq-mprage_T1w.json').Changed | Should -Contain 'DeidentificationMethod: recorded'
        }

        It 'keeps a verified backup of every changed file' {
            foreach ($c in $script:Changes) {
                $c.BackupPath | Should -BeLike (Join-Path $script:Ds 'sourcedata/defacer/*')
                (Get-FileHash -LiteralPath $c.BackupPath -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $c.OriginalSha256
                $orig = Join-Path $script:Examples ('ds000117/' + $c.RelativePath)
                (Get-FileHash -LiteralPath $orig -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $c.OriginalSha256
            }
        }

        It 'shifts acq_time into 1902-1925 because MEG data are present' {
            $rows = Import-Csv -Delimiter "`t" (Join-Path $script:Ds 'sub-01/ses-meg/sub-01_ses-meg_scans.tsv')
            foreach ($r in $rows) { [int]$r.acq_time.Substring(0, 4) | Should -BeIn (1902..1925) }
        }

        It 'changes nothing on a second run' {
            $state = Get-TreeState $script:Ds
            @(Remove-BidsMetadata $script:Ds -WarningAction SilentlyContinue).Count | Should -Be 0
            Get-TreeState $script:Ds | Should -Be $state
        }
    }

    Context 'Options' {
        It 'keeps a group with -KeepGroup and single keys with -KeepField' {
            $ds = New-DatasetCopy 'ds004332'
            $null = Remove-BidsMetadata $ds -KeepGroup InstitutionAndDevice -KeepField ProtocolName -WarningAction SilentlyContinue
            $file = Get-ChildItem (Join-Path $ds 'sub-01/anat') -Filter *.json | Select-Object -First 1
            $json = Get-Content -Raw $file.FullName | ConvertFrom-Json
            $json.PSObject.Properties.Name | Should -Contain 'InstitutionName'
            $json.PSObject.Properties.Name | Should -Contain 'ProtocolName'
            $json.PSObject.Properties.Name | Should -Not -Contain 'SeriesDescription'
            # Keeping a single field leaves the DICOM profile, so only the free-text record is written, naming what was kept.
            $json.DeidentificationMethod | Should -BeLike '*(kept: InstitutionAndDevice, ProtocolName)'
            $json.PSObject.Properties.Name | Should -Not -Contain 'DeidentificationMethodCodeSequence'
        }

        It 'pseudonymises DeviceSerialNumber with -PseudonymizeDevice' {
            $ds = New-DatasetCopy 'ds004332'
            $null = Remove-BidsMetadata $ds -PseudonymizeDevice -WarningAction SilentlyContinue
            $file = Get-ChildItem (Join-Path $ds 'sub-01/anat') -Filter *.json | Select-Object -First 1
            (Get-Content -Raw $file.FullName | ConvertFrom-Json).DeviceSerialNumber | Should -Match '^device-\d+$'
        }

        It 'drops acq_time with -DropAcqTime' {
            $ds = New-DatasetCopy 'ds000117'
            $null = Remove-BidsMetadata $ds -DropAcqTime -WarningAction SilentlyContinue
            (Get-Content (Join-Path $ds 'sub-01/ses-meg/sub-01_ses-meg_scans.tsv') -TotalCount 1) | Should -Be 'filename'
        }

        It 'accepts folders from the pipeline by PSPath' {
            $ds = New-DatasetCopy 'mri_chunk'
            $out = @(Get-Item $ds | Remove-BidsMetadata -WarningAction SilentlyContinue)
            $out.Count | Should -BeGreaterThan 0
        }
    }

    Context 'Errors' {
        It 'reports a malformed JSON file by id, naming file and line, and processes the others' {
            $ds = New-DatasetCopy 'mri_chunk'
            $bad = Join-Path $ds 'T1w.json'
            Set-Content -LiteralPath $bad -Value "{`n  `"PatientName`": `"x`",`n}" -NoNewline
            $before = (Get-FileHash $bad).Hash
            $out = @(Remove-BidsMetadata $ds -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'MalformedMetadataFile,Defacer.Commands.RemoveBidsMetadataCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].TargetObject | Should -Be $bad
            $err[0].Exception.Message | Should -BeLike "$($bad):3:1:*"
            (Get-FileHash $bad).Hash | Should -Be $before
            $out.Count | Should -BeGreaterThan 0
        }

        It 'reports a folder that is not a BIDS dataset' {
            $dir = Join-Path ([IO.Path]::GetTempPath()) ('defacer-empty-' + [guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory $dir
            $script:Temp += $dir
            Remove-BidsMetadata $dir -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'NotABidsDataset,Defacer.Commands.RemoveBidsMetadataCommand'
        }

        It 'reports a path that does not exist' {
            Remove-BidsMetadata -LiteralPath '/nonexistent/defacer/ds' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Defacer.Commands.RemoveBidsMetadataCommand'
        }

        It 'reports a wildcard that matches nothing, so a typo never looks like a clean dataset' {
            Remove-BidsMetadata -Path '/nonexistent-defacer-*' -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Defacer.Commands.RemoveBidsMetadataCommand'
            $err[0].TargetObject | Should -Be '/nonexistent-defacer-*'
        }

        It 'refuses a path on another provider' {
            Remove-BidsMetadata -LiteralPath 'Env:PATH' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'NotAFileSystemPath,Defacer.Commands.RemoveBidsMetadataCommand'
        }

        It 'reports a sidecar whose annex content is missing and leaves the link' {
            $ds = New-DatasetCopy 'ds004332'
            $sidecar = Join-Path $ds 'sub-01/anat/sub-01_task-still_acq-mpragePMCoff_rec-wore_T1w.json'
            Remove-Item $sidecar -Force   # the shared files are read-only, and so are the copies
            # New-Item -ItemType SymbolicLink refuses a missing target; a dangling annex link is exactly that.
            $null = [IO.File]::CreateSymbolicLink($sidecar, '../../.git/annex/objects/xx/yy/KEY/KEY')
            $null = Remove-BidsMetadata $ds -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'ContentNotPresent,Defacer.Commands.RemoveBidsMetadataCommand'
            (Get-Item $sidecar -Force).LinkType | Should -Be 'SymbolicLink'
        }
    }

    Context 'BIDS validator 1.15.0 reports no new errors on <Name>' -ForEach $script:ValidatorDatasets {
        BeforeAll {
            $script:Validator = Join-Path $script:RepoRoot 'tools/node/node_modules/.bin/bids-validator'
            if (-not (Test-Path $script:Validator)) { throw "bids-validator is not installed at $script:Validator (tools/install-test-prerequisites.sh installs it)." }
            $script:Config = Join-Path ([IO.Path]::GetTempPath()) 'defacer-bv-config.json'
            Set-Content -LiteralPath $script:Config -Value '{"ignore":[99]}'

            function Get-ValidatorErrors([string] $Root) {
                $json = & $script:Validator $Root --json --ignoreNiftiHeaders --config $script:Config 2>$null
                $report = ($json -join "`n") | ConvertFrom-Json
                if ($null -eq $report -or $null -eq $report.issues) { throw "bids-validator gave no JSON report for $Root." }
                foreach ($e in @($report.issues.errors)) {
                    foreach ($f in @($e.files)) {
                        $path = if ($f -and $f.file) { $f.file.relativePath } else { '' }
                        '{0}|{1}' -f $e.key, $path
                    }
                }
            }
        }

        It 'after Remove-BidsMetadata' {
            $ds = New-DatasetCopy $Name
            $before = @(Get-ValidatorErrors $ds)
            $null = Remove-BidsMetadata $ds -WarningAction SilentlyContinue -ErrorAction Stop
            $after = @(Get-ValidatorErrors $ds)
            $new = @($after | Where-Object { $before -notcontains $_ })
            $new | Should -BeNullOrEmpty -Because 'de-identification must not make a dataset invalid'
        }
    }
}
