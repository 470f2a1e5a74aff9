#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Invoke-Deface and New-DefacerSampleDataset against the built module. The defacing method used here is a test double
# (a fixed world-space box, compiled below and added to the method registry) so these tests pin the cmdlet's surface
# and safety behaviour; the real methods have their own tests.

BeforeAll {
    $modulePath = if ($env:DEFACER_MODULE_PATH) { $env:DEFACER_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/Defacer/Defacer.psd1' }
    Import-Module $modulePath -Force
    $engine = [Defacer.Engine.Deface.DefacePipeline].Assembly.Location
    if (-not ('PesterFrontBoxMethod' -as [type])) {
        Add-Type -ReferencedAssemblies $engine, netstandard -TypeDefinition @'
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Volumes;
public sealed class PesterFrontBoxMethod : IDefaceMethod
{
    public string Name => "PesterFrontBox";
    public DefaceMaskResult ComputeRemovalMask(Volume3D v, CancellationToken ct)
    {
        var m = Mask3D.Like(v);
        for (int z = 0; z < v.Nz; z++) for (int y = 0; y < v.Ny; y++) for (int x = 0; x < v.Nx; x++)
        {
            var w = v.Affine.Apply(x, y, z);
            m[x, y, z] = w.Y > 60 && w.Z < -20;
        }
        return new DefaceMaskResult(m, null);
    }
    public static void Register() =>
        DefaceMethodRegistry.Default.Register("PesterFrontBox", "test double: removes y > 60 mm, z < -20 mm", p => new PesterFrontBoxMethod());
}
'@
    }
    [PesterFrontBoxMethod]::Register()
    if (-not ('PesterSlowMethod' -as [type])) {
        Add-Type -ReferencedAssemblies $engine, netstandard -TypeDefinition @'
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Volumes;
public sealed class PesterSlowMethod : IDefaceMethod
{
    public string Name => "PesterSlow";
    // Waits up to 60 s for cancellation, like a long method that observes its token.
    public DefaceMaskResult ComputeRemovalMask(Volume3D v, CancellationToken ct)
    {
        ct.WaitHandle.WaitOne(60000);
        ct.ThrowIfCancellationRequested();
        return new DefaceMaskResult(Mask3D.Like(v), null);
    }
    public static void Register() =>
        DefaceMethodRegistry.Default.Register("PesterSlow", "test double: waits for cancellation", p => new PesterSlowMethod());
}
'@
    }
    [PesterSlowMethod]::Register()

    # One sample dataset generated once (4 mm heads keep it fast); each test works on its own copy.
    $script:Template = Join-Path ([IO.Path]::GetTempPath()) ('defacer-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-DefacerSampleDataset -Path $script:Template -Subjects 2 -VoxelSize 4 | Out-Null

    $script:Copies = [System.Collections.Generic.List[string]]::new()
    function New-Copy {
        $dest = Join-Path ([IO.Path]::GetTempPath()) ('defacer-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        Copy-Item -LiteralPath $script:Template -Destination $dest -Recurse
        $script:Copies.Add($dest)
        $dest
    }
    function Get-TreeHash {
        param([string] $Root)
        Get-ChildItem -LiteralPath $Root -Recurse -File | Sort-Object FullName | ForEach-Object {
            '{0} {1}' -f $_.FullName.Substring($Root.Length), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
        }
    }
}

AfterAll {
    foreach ($d in @($script:Template) + @($script:Copies)) {
        if ($d -and (Test-Path -LiteralPath $d)) { Remove-Item -LiteralPath $d -Recurse -Force }
    }
}

Describe 'Invoke-Deface' {
    Context 'Parameters' {
        BeforeAll { $script:cmd = Get-Command Invoke-Deface }

        It 'declares DefaceResult as its output type' {
            $cmd.OutputType.Type | Should -Be ([Defacer.Engine.Deface.DefaceResult])
        }
        It 'supports -WhatIf and -Confirm' {
            $cmd.Parameters.Keys | Should -Contain 'WhatIf'
            $cmd.Parameters.Keys | Should -Contain 'Confirm'
        }
        It 'takes subjects and images from the pipeline as InputObject' {
            $a = $cmd.Parameters['InputObject'].Attributes.Where({ $_ -is [Parameter] })[0]
            $a.ValueFromPipeline | Should -BeTrue
        }
        It 'has -Path (position 0, wildcards) and -LiteralPath (aliases PSPath, LP)' {
            $cmd.Parameters['Path'].Attributes.Where({ $_ -is [Parameter] })[0].Position | Should -Be 0
            $cmd.Parameters['Path'].Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }) | Should -Not -BeNullOrEmpty
            $cmd.Parameters['LiteralPath'].Aliases | Should -Be @('PSPath', 'LP')
        }
        # Type names as strings: test cases are built at discovery, before the module (and its types) is imported.
        It 'has -<Name> of type <Type>' -TestCases @(
            @{ Name = 'Method'; Type = 'System.String' }, @{ Name = 'Suffix'; Type = 'System.String[]' }, @{ Name = 'OutputPath'; Type = 'System.String' },
            @{ Name = 'Fill'; Type = 'Defacer.Engine.Deface.FaceFill' }, @{ Name = 'SaveMask'; Type = 'System.Management.Automation.SwitchParameter' },
            @{ Name = 'Force'; Type = 'System.Management.Automation.SwitchParameter' }, @{ Name = 'Template'; Type = 'System.String' },
            @{ Name = 'FaceMask'; Type = 'System.String' }, @{ Name = 'BrainMask'; Type = 'System.String' },
            @{ Name = 'ThrottleLimit'; Type = 'System.Int32' }, @{ Name = 'BlurFwhm'; Type = 'System.Double' }
        ) {
            $cmd.Parameters[$Name].ParameterType.FullName | Should -Be $Type
        }
        It 'completes -Method from the method registry' {
            $r = TabExpansion2 -inputScript 'Invoke-Deface -Method PesterF' -cursorColumn 'Invoke-Deface -Method PesterF'.Length
            $r.CompletionMatches.CompletionText | Should -Contain 'PesterFrontBox'
        }
        It 'fails the whole call for an unknown method' {
            { Invoke-Deface -Path $script:Template -Method NoSuchMethod -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownMethod,Defacer.Commands.InvokeDefaceCommand'
        }
    }

    Context 'Defacing a dataset from Get-BidsSubject' {
        BeforeAll {
            $script:ds = New-Copy
            $script:results = @(Get-BidsSubject $script:ds | Invoke-Deface -Method PesterFrontBox -Suffix T1w, T2w)
        }

        It 'defaces every T1w and T2w and outputs one result per image, in input order' {
            $results.Count | Should -Be 5
            $results.Status | Sort-Object -Unique | Should -Be 'Defaced'
            $results.RelativePath | Should -Be @($results.RelativePath | Sort-Object)
            $results | ForEach-Object { $_.VoxelsRemoved | Should -BeGreaterThan 0 }
        }
        It 'keeps verified backups of the originals under sourcedata/defacer' {
            foreach ($r in $results) {
                $backup = Join-Path $script:Template $r.RelativePath
                $r.BackupPath | Should -Be (Join-Path $script:ds "sourcedata/defacer/$($r.RelativePath)")
                (Get-FileHash $r.BackupPath).Hash | Should -Be (Get-FileHash $backup).Hash
                (Get-FileHash $r.Path).Hash | Should -Not -Be (Get-FileHash $backup).Hash
            }
        }
        It 'marks each sidecar and skips marked images on a second run with a warning' {
            $again = @(Get-BidsSubject $script:ds | Invoke-Deface -Method PesterFrontBox -Suffix T1w, T2w -WarningVariable w -WarningAction SilentlyContinue)
            $again.Status | Sort-Object -Unique | Should -Be 'AlreadyDefaced'
            $w.Count | Should -Be 5
            (Get-Content -Raw (Join-Path $script:ds 'sub-02/anat/sub-02_T1w.json') | ConvertFrom-Json).Defaced | Should -BeTrue
        }
        It 'shows results as a table' {
            ($results | Format-Table | Out-String -Width 300) | Should -Match 'Removed%'
        }
    }

    Context 'Selecting images' {
        It 'defaces only T1w by default' {
            $ds = New-Copy
            $r = @(Get-BidsSubject $ds | Invoke-Deface -Method PesterFrontBox)
            $r.Count | Should -Be 3
            $r.RelativePath | ForEach-Object { $_ | Should -Match '_T1w\.nii\.gz$' }
        }
        It 'takes images from Get-BidsImage and files from -Path' {
            $ds = New-Copy
            $img = Get-BidsImage $ds -Subject 02 -Suffix T2w
            (@($img | Invoke-Deface -Method PesterFrontBox -Suffix T2w)).Count | Should -Be 1
            $file = Join-Path $ds 'sub-02/anat/sub-02_T1w.nii.gz'
            (Invoke-Deface -Path $file -Method PesterFrontBox).Status | Should -Be 'Defaced'
        }
        It 'processes images in parallel with -ThrottleLimit and keeps the input order' {
            $ds = New-Copy
            $r = @(Get-BidsSubject $ds | Invoke-Deface -Method PesterFrontBox -Suffix T1w, T2w -ThrottleLimit 3)
            $r.Count | Should -Be 5
            $r.RelativePath | Should -Be @(Get-BidsImage $ds -Suffix T1w, T2w | ForEach-Object RelativePath)
        }
    }

    Context '-UseT1wMask' {
        It 'defaces a T2w with the mask of the T1w of its session' {
            $ds = New-Copy
            $r = @(Get-BidsImage $ds -Subject 01 -Session 1 | Invoke-Deface -Method PesterFrontBox -Suffix T1w, T2w -UseT1wMask)
            $r.Count | Should -Be 2
            $t2 = $r | Where-Object RelativePath -like '*_T2w.nii.gz'
            $t2.Method | Should -Be 'PesterFrontBox+T1wMask'
            $t2.Details['ReferenceT1w'] | Should -BeLike '*sub-01_ses-1_T1w.nii.gz'
            $t2.Details['RegistrationKind'] | Should -Be 'Rigid'
            $t2.VoxelsRemoved | Should -BeGreaterThan 0
        }
        It 'reports T1wPairingFailed when the session has no T1w' {
            $ds = New-Copy
            Remove-Item -LiteralPath (Join-Path $ds 'sub-02/anat/sub-02_T1w.nii.gz'), (Join-Path $ds 'sub-02/anat/sub-02_T1w.json')
            Get-BidsImage $ds -Subject 02 | Invoke-Deface -Method PesterFrontBox -Suffix T2w -UseT1wMask -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'T1wPairingFailed,Defacer.Commands.InvokeDefaceCommand'
        }
    }

    Context 'Progress and stopping' {
        It 'writes progress with one activity id and a Completed record' {
            $ds = New-Copy
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$((Get-Module Defacer).Path)'; Get-BidsSubject '$ds' | Invoke-Deface -Method PesterFrontBox -Suffix T1w, T2w")
                $out = $ps.Invoke()
                $out.Count | Should -Be 5
                $records = @($ps.Streams.Progress)
                $records.Count | Should -BeGreaterThan 1
                @($records.ActivityId | Sort-Object -Unique) | Should -Be @(0x0DEF)
                $records[-1].RecordType | Should -Be 'Completed'
            } finally { $ps.Dispose() }
        }
        It 'stops (Ctrl+C) without leaving a partial file or a half-done image' {
            $ds = New-Copy
            $before = Get-TreeHash $ds
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$((Get-Module Defacer).Path)'; Get-BidsSubject '$ds' | Invoke-Deface -Method PesterSlow -Suffix T1w, T2w -ThrottleLimit 2")
                $async = $ps.BeginInvoke()
                Start-Sleep -Seconds 3
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
                $async.IsCompleted | Should -BeTrue
            } finally { $ps.Dispose() }
            Get-TreeHash $ds | Should -Be $before
            @(Get-ChildItem -LiteralPath $ds -Recurse -Force -File | Where-Object Name -like '*.defacer-tmp-*') | Should -BeNullOrEmpty
        }
    }

    Context '-WhatIf' {
        It 'writes nothing' {
            $ds = New-Copy
            $before = Get-TreeHash $ds
            $r = Get-BidsSubject $ds | Invoke-Deface -Method PesterFrontBox -Suffix T1w, T2w -SaveMask -WhatIf
            $r | Should -BeNullOrEmpty
            Get-TreeHash $ds | Should -Be $before
            Test-Path (Join-Path $ds 'sourcedata') | Should -BeFalse
        }
    }

    Context '-OutputPath' {
        It 'writes mirrored defaced copies and leaves the dataset untouched' {
            $ds = New-Copy
            $out = Join-Path ([IO.Path]::GetTempPath()) ('defacer-pester-out-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            $before = Get-TreeHash $ds
            $r = @(Get-BidsSubject $ds | Invoke-Deface -Method PesterFrontBox -OutputPath $out -SaveMask)
            Get-TreeHash $ds | Should -Be $before
            $r.Count | Should -Be 3
            foreach ($x in $r) {
                $x.OutputPath | Should -Be (Join-Path $out $x.RelativePath)
                Test-Path -LiteralPath $x.OutputPath | Should -BeTrue
                $x.BackupPath | Should -BeNullOrEmpty
                Test-Path -LiteralPath $x.MaskPath | Should -BeTrue
            }
            Test-Path (Join-Path $out 'sub-01/ses-2/anat/sub-01_ses-2_mod-T1w_defacemask.nii.gz') | Should -BeTrue
        }
    }

    Context 'DataLad / git-annex' {
        It 'replaces a locked annex symlink by a regular file, keeps the annex object, and says to datalad save' {
            $ds = New-Copy
            $t1 = Join-Path $ds 'sub-02/anat/sub-02_T1w.nii.gz'
            $objDir = Join-Path $ds '.git/annex/objects/Ab/Cd/SHA256E-s1--t1.nii.gz'
            $null = New-Item -ItemType Directory $objDir
            $obj = Join-Path $objDir 'SHA256E-s1--t1.nii.gz'
            Move-Item -LiteralPath $t1 -Destination $obj
            $null = New-Item -ItemType SymbolicLink -Path $t1 -Target '../../.git/annex/objects/Ab/Cd/SHA256E-s1--t1.nii.gz/SHA256E-s1--t1.nii.gz'
            $objHash = (Get-FileHash -LiteralPath $obj).Hash
            $r = Get-BidsImage $ds -Subject 02 -Suffix T1w | Invoke-Deface -Method PesterFrontBox -WarningVariable w -WarningAction SilentlyContinue
            $r.Status | Should -Be 'Defaced'
            (Get-Item -LiteralPath $t1).LinkType | Should -BeNullOrEmpty
            (Get-FileHash -LiteralPath $obj).Hash | Should -Be $objHash
            (Get-FileHash -LiteralPath $r.BackupPath).Hash | Should -Be $objHash
            ($w -join ' ') | Should -Match 'datalad save'
        }
        It 'defaces a read-only image and its sidecar in place; both keep their mode' {
            $ds = New-Copy
            $t1 = Join-Path $ds 'sub-02/anat/sub-02_T1w.nii.gz'
            $json = Join-Path $ds 'sub-02/anat/sub-02_T1w.json'
            if (-not (Test-Path -LiteralPath $json)) { Set-Content -LiteralPath $json -Value '{}' }
            # Unix: mode 0444 must come back exactly; Windows has no mode, its read-only attribute must come back.
            $readOnly = [IO.UnixFileMode]'UserRead, GroupRead, OtherRead'
            foreach ($f in $t1, $json) {
                if ($IsWindows) { (Get-Item -LiteralPath $f).IsReadOnly = $true } else { [IO.File]::SetUnixFileMode($f, $readOnly) }
            }
            $before = (Get-FileHash -LiteralPath $t1).Hash
            $r = Get-BidsImage $ds -Subject 02 -Suffix T1w | Invoke-Deface -Method PesterFrontBox -WarningAction SilentlyContinue
            $r.Status | Should -Be 'Defaced'
            (Get-FileHash -LiteralPath $t1).Hash | Should -Not -Be $before
            foreach ($f in $t1, $json) {
                if ($IsWindows) { (Get-Item -LiteralPath $f).IsReadOnly | Should -BeTrue } else { [IO.File]::GetUnixFileMode($f) | Should -Be $readOnly }
            }
            (Get-Content -Raw -LiteralPath $json | ConvertFrom-Json).Defaced | Should -BeTrue
        }
    }

    Context 'Errors' {
        It 'reports annex content that is absent as ImageContentAbsent and goes on with the others' {
            $ds = New-Copy
            $t1 = Join-Path $ds 'sub-02/anat/sub-02_T1w.nii.gz'
            Remove-Item -LiteralPath $t1
            $null = New-Item -ItemType SymbolicLink -Path $t1 -Target '../../.git/annex/objects/Xx/Yy/SHA256E-s1--x.nii.gz/SHA256E-s1--x.nii.gz'
            $r = @(Get-BidsSubject $ds | Invoke-Deface -Method PesterFrontBox -ErrorVariable err -ErrorAction SilentlyContinue)
            $r.Count | Should -Be 2
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'ImageContentAbsent,Defacer.Commands.InvokeDefaceCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $err[0].Exception.Message | Should -Match 'datalad get'
        }
        It 'reports a loose file without -OutputPath as OutputPathRequired' {
            $dir = Join-Path ([IO.Path]::GetTempPath()) ('defacer-pester-loose-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            $null = New-Item -ItemType Directory $dir
            Copy-Item (Join-Path $script:Template 'sub-02/anat/sub-02_T1w.nii.gz') (Join-Path $dir 'head.nii.gz')
            Invoke-Deface -Path (Join-Path $dir 'head.nii.gz') -Method PesterFrontBox -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'OutputPathRequired,Defacer.Commands.InvokeDefaceCommand'
            $err[0].TargetObject | Should -Be (Join-Path $dir 'head.nii.gz')
        }
        It 'reports a missing path as PathNotFound' {
            Invoke-Deface -Path (Join-Path $script:Template 'nope*.nii.gz') -Method PesterFrontBox -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Defacer.Commands.InvokeDefaceCommand'
        }
        It 'refuses a path on another provider as NotFileSystemPath' {
            Invoke-Deface -LiteralPath 'Env:PATH' -Method PesterFrontBox -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'NotFileSystemPath,Defacer.Commands.InvokeDefaceCommand'
            $err[0].TargetObject | Should -Be 'Env:PATH'
        }
        It 'reports a file that is not NIfTI as InvalidNifti' {
            $ds = New-Copy
            Set-Content -LiteralPath (Join-Path $ds 'sub-02/anat/sub-02_T1w.nii.gz') -Value 'not an image'
            Invoke-Deface -Path (Join-Path $ds 'sub-02/anat/sub-02_T1w.nii.gz') -Method PesterFrontBox -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'InvalidNifti,Defacer.Commands.InvokeDefaceCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        }
    }
}

Describe 'New-DefacerSampleDataset' {
    It 'declares DirectoryInfo as its output type and supports -WhatIf' {
        (Get-Command New-DefacerSampleDataset).OutputType.Type | Should -Be ([System.IO.DirectoryInfo])
        $p = Join-Path ([IO.Path]::GetTempPath()) ('defacer-pester-new-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-DefacerSampleDataset -Path $p -WhatIf
        Test-Path $p | Should -BeFalse
    }
    It 'writes a dataset Get-BidsSubject reads, with one two-session subject' {
        $s = @(Get-BidsSubject $script:Template)
        $s.Count | Should -Be 2
        $s[0].Sessions.Count | Should -Be 2
        Import-Csv (Join-Path $script:Template 'participants.tsv') -Delimiter "`t" | Select-Object -First 1 -ExpandProperty name | Should -Not -BeNullOrEmpty
    }
    It 'is valid BIDS (bids-validator: no errors), and stays valid after defacing with -SaveMask' {
        # Installed by tools/install-test-prerequisites.sh (build.ps1 -Task Test runs it first).
        $validator = Join-Path $PSScriptRoot '../../tools/node/node_modules/.bin/bids-validator'
        if (-not (Test-Path -LiteralPath $validator)) { throw "bids-validator is missing at '$validator': run tools/install-test-prerequisites.sh." }
        $ds = New-Copy
        $errorsBefore = (& $validator --json $ds 2>$null | ConvertFrom-Json).issues.errors
        @($errorsBefore).Count | Should -Be 0
        $null = Get-BidsSubject $ds | Invoke-Deface -Method PesterFrontBox -Suffix T1w, T2w -SaveMask
        $report = & $validator --json $ds 2>$null | ConvertFrom-Json
        @($report.issues.errors).Count | Should -Be 0 -Because ($report.issues.errors | ConvertTo-Json -Depth 5)
        $report.summary.totalFiles | Should -BeGreaterThan 10
    }
    It 'refuses a folder that is not empty' {
        New-DefacerSampleDataset -Path $script:Template -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'FolderNotEmpty,Defacer.Commands.NewDefacerSampleDatasetCommand'
    }
}
