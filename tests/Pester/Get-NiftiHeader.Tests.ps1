#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }

BeforeAll {
    $modulePath = if ($env:DEFACER_MODULE_PATH) { $env:DEFACER_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/Defacer/Defacer.psd1' }
    Import-Module $modulePath -Force
    $shared = if ($env:DEFACER_SHARED) { $env:DEFACER_SHARED } else { Join-Path $PSScriptRoot '../../../shared' }
    $script:Heads = Join-Path $shared 'data/heads'
    $script:Templates = Join-Path $shared 'data/templates'
    if (-not (Test-Path -LiteralPath $script:Heads)) { throw "Shared heads not found at '$script:Heads' (place ../shared beside the clone or set DEFACER_SHARED)." }
    $script:Ixi = Join-Path $Heads 'adult39-t1w-2mm-psr-fullface-ixi012.nii.gz'
    $script:BigEndian = Join-Path $Templates 'avg152T1_RL_sformonly_bigendian.nii.gz'
    $script:Fqid = ',Defacer.Commands.GetNiftiHeaderCommand'
}

Describe 'Get-NiftiHeader' {
    Context 'Parameters' {
        BeforeAll { $script:cmd = Get-Command Get-NiftiHeader }

        It 'declares NiftiHeaderInfo as its output type' {
            $cmd.OutputType.Type | Should -Be ([Defacer.Engine.Nifti.NiftiHeaderInfo])
        }
        It 'has Path (default) and LiteralPath parameter sets' {
            $cmd.DefaultParameterSet | Should -Be 'Path'
            $cmd.ParameterSets.Name | Sort-Object | Should -Be @('LiteralPath', 'Path')
        }
        It 'gives LiteralPath the aliases PSPath and LP' {
            $cmd.Parameters['LiteralPath'].Aliases | Sort-Object | Should -Be @('LP', 'PSPath')
        }
        It 'takes Path and LiteralPath from the pipeline by property name' {
            foreach ($name in 'Path', 'LiteralPath') {
                $a = $cmd.Parameters[$name].Attributes.Where({ $_ -is [Parameter] })[0]
                $a.ValueFromPipelineByPropertyName | Should -BeTrue -Because "-$name binds by property name"
            }
        }
        It 'supports wildcards in Path only' {
            $cmd.Parameters['Path'].Attributes.Where({ $_ -is [SupportsWildcards] }) | Should -Not -BeNullOrEmpty
            $cmd.Parameters['LiteralPath'].Attributes.Where({ $_ -is [SupportsWildcards] }) | Should -BeNullOrEmpty
        }
    }

    Context 'What it reports' {
        It 'describes a scaled, sagittally stored IXI head with an extension' {
            $h = Get-NiftiHeader -Path $Ixi
            $h.Path | Should -Be (Resolve-Path -LiteralPath $Ixi).ProviderPath
            $h.Version | Should -Be 1
            $h.Shape | Should -Be @(120, 120, 90)
            $h.ShapeText | Should -Be '120x120x90'
            $h.VoxelSize | Should -Be @(2, 2, 2)
            $h.DataTypeName | Should -Be 'uint8'
            $h.DataType | Should -Be ([Defacer.Engine.Nifti.NiftiDataType]::Uint8)
            $h.SclSlope | Should -BeGreaterThan 13.8
            $h.SclSlope | Should -BeLessThan 14.0
            $h.QformCode | Should -Be 1
            $h.SformCode | Should -Be 1
            $h.Orientation | Should -Be 'PSR'
            $h.AffineSource | Should -Be 'sform'
            [math]::Round($h.Affine.ColumnNorm(0), 4) | Should -Be 2 -Because 'the affine carries the 2 mm voxels'
            $h.Affine[0, 0] | Should -Be 0 -Because 'the first voxel axis runs along y (P)'
            $h.Affine[3, 3] | Should -Be 1
            @($h.Extensions).Count | Should -BeGreaterThan 0
            $h.Extensions[0].Size % 16 | Should -Be 0
        }
        It 'reports byte order and a qform-less sform of a big-endian template' {
            $h = Get-NiftiHeader $BigEndian
            $h.ByteOrder | Should -Be 'BigEndian'
            $h.QformCode | Should -Be 0
            $h.SformCode | Should -Be 4
            $h.Orientation | Should -Be 'RAS'
        }
        It 'shows descrip and aux_file, the free-text fields that can leak' {
            $h = Get-NiftiHeader (Join-Path $Templates 'MNI152_T1_1mm.nii.gz')
            $h.PSObject.Properties.Name | Should -Contain 'Descrip'
            $h.PSObject.Properties.Name | Should -Contain 'AuxFile'
            $h.Descrip | Should -BeOfType [string]
        }
        It 'reads a header-only placeholder (bids-examples style) without error' {
            $bytes = [byte[]]::new(352)
            $hdr = [Defacer.Engine.Nifti.NiftiHeader]::Create(1, [Defacer.Engine.Nifti.NiftiDataType]::Float64, [long[]](256, 256, 256))
            [Array]::Copy($hdr.GetRawBytes(), $bytes, 348)
            $file = Join-Path $TestDrive 'sub-01_T1w.nii'
            [IO.File]::WriteAllBytes($file, $bytes)
            $h = Get-NiftiHeader -LiteralPath $file -ErrorVariable err
            $err | Should -BeNullOrEmpty
            $h.ShapeText | Should -Be '256x256x256'
            $h.DataTypeName | Should -Be 'float64'
        }
        It 'has a table view with the shape, datatype and orientation' {
            $text = Get-NiftiHeader $Ixi | Format-Table | Out-String -Width 250
            $text | Should -Match 'FileName'
            $text | Should -Match '120x120x90'
            $text | Should -Match 'uint8'
            $text | Should -Match 'PSR'
        }
    }

    Context 'Paths and the pipeline' {
        It 'expands wildcards, one object per file' {
            $h = Get-NiftiHeader -Path (Join-Path $Heads 'brainonly-template-2p4mm-orient-*.nii.gz')
            $h.Count | Should -Be 4
            $h.Orientation | Sort-Object | Should -Be @('ASL', 'LPS', 'PIR', 'RAS')
        }
        It 'takes -LiteralPath as typed, brackets included' {
            $file = Join-Path $TestDrive 'run[1].nii.gz'
            Copy-Item -LiteralPath $Ixi -Destination $file
            (Get-NiftiHeader -LiteralPath $file).FileName | Should -Be 'run[1].nii.gz'
            (Get-NiftiHeader -LP $file).ShapeText | Should -Be '120x120x90'
        }
        It 'binds FileInfo from Get-ChildItem through PSPath' {
            $h = Get-ChildItem -LiteralPath $Templates -Filter 'niimath_avg152T1*.nii.gz' | Get-NiftiHeader
            $h.Count | Should -Be 2
            $h.ShapeText | Select-Object -Unique | Should -Be '91x109x91'
        }
        It 'binds objects with a Path property (e.g. Get-BidsImage output)' {
            $h = [pscustomobject]@{ Path = $Ixi }, [pscustomobject]@{ Path = $BigEndian } | Get-NiftiHeader
            $h.Count | Should -Be 2
        }
        It 'takes plain strings from the pipeline' {
            ($Ixi, $BigEndian | Get-NiftiHeader).Count | Should -Be 2
        }
    }

    Context 'Errors' {
        BeforeAll {
            $script:Missing = Join-Path $TestDrive 'missing.nii.gz'
            $script:Empty = Join-Path $TestDrive 'empty.nii.gz'
            [IO.File]::WriteAllBytes($Empty, [byte[]]::new(0))
            $script:Annex = Join-Path $TestDrive 'annex.nii.gz'
            Set-Content -LiteralPath $Annex -Value '/annex/objects/SHA256E-s1234--abcdef.nii.gz' -NoNewline
            $script:BadMagic = Join-Path $TestDrive 'badmagic.nii'
            $b = [byte[]]::new(400); $b[0] = 0x5C; $b[1] = 0x01; $b[40] = 3
            [IO.File]::WriteAllBytes($BadMagic, $b)
            $script:Dangling = Join-Path $TestDrive 'dangling.nii.gz'
            New-Item -ItemType SymbolicLink -Path $Dangling -Target (Join-Path $TestDrive 'gone.nii.gz') | Out-Null
        }

        It 'reports a missing file as FileNotFound (ObjectNotFound) and goes on' {
            $h = Get-NiftiHeader -Path $Missing, $Ixi -ErrorVariable err -ErrorAction SilentlyContinue
            @($h).Count | Should -Be 1
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "FileNotFound$Fqid"
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
        It 'reports a missing -LiteralPath file as FileNotFound with the path as target' {
            Get-NiftiHeader -LiteralPath $Missing -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "FileNotFound$Fqid"
            $err[0].TargetObject | Should -Be $Missing
        }
        It 'is silent for a wildcard that matches nothing' {
            Get-NiftiHeader -Path (Join-Path $TestDrive 'nothing-*.nii') -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }
        It 'reports a zero-byte placeholder as NiftiEmptyFile' {
            Get-NiftiHeader -LiteralPath $Empty -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "NiftiEmptyFile$Fqid"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].Exception.Kind | Should -Be 'EmptyFile'
            $err[0].Exception.Message | Should -BeLike "*$Empty*"
        }
        It 'reports a git-annex pointer as NiftiAnnexPointer with a recommended action' {
            Get-NiftiHeader -LiteralPath $Annex -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "NiftiAnnexPointer$Fqid"
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*datalad get*'
            $err[0].TargetObject | Should -Be $Annex
        }
        It 'reports a bad magic as NiftiBadMagic' {
            Get-NiftiHeader -LiteralPath $BadMagic -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "NiftiBadMagic$Fqid"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        }
        It 'reports a dangling symlink as NiftiDanglingSymlink' {
            Get-NiftiHeader -LiteralPath $Dangling -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "NiftiDanglingSymlink$Fqid"
            $err[0].Exception.Message | Should -BeLike '*gone.nii.gz*'
        }
        It 'stops on the first error with -ErrorAction Stop' {
            { Get-NiftiHeader -LiteralPath $Empty -ErrorAction Stop } | Should -Throw -ErrorId "NiftiEmptyFile$Fqid"
        }
        It 'refuses a path on another provider' {
            Get-NiftiHeader -LiteralPath 'Env:PATH' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be "PathNotFileSystem$Fqid"
        }
    }
}
