#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Invoke-Deface with external methods, end to end through the built module: stand-in tools (bash + /usr/bin/python3 with
# nibabel) play fsl_deface, so the whole path runs (probe, private copy, tool, read back, our fill, backup, provenance)
# without the real tools, none of which is installed here.

BeforeAll {
    Import-Module $env:DEFACER_MODULE_PATH -Force

    $script:Root = Join-Path ([IO.Path]::GetTempPath()) ('defacer-ext-e2e-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $script:Template = Join-Path $script:Root 'template'
    New-DefacerSampleDataset -Path $script:Template -Subjects 1 -VoxelSize 4 | Out-Null
    $script:Bin = Join-Path $script:Root 'bin'
    New-Item -ItemType Directory -Path $script:Bin -Force | Out-Null

    # A stand-in fsl_deface: checks `fsl_deface <in> <out>` (exit 2 otherwise), then zeroes the anterior-inferior
    # block of voxels (front 30% in the second axis, lower 40% in the third) of the copy it was given.
    function Set-StandInFslDeface {
        param([string] $Body)
        $path = Join-Path $script:Bin 'fsl_deface'
        Set-Content -LiteralPath $path -NoNewline -Value ("#!/bin/bash`n" + $Body + "`n")
        & chmod +x $path
    }
    $script:ZeroBlock = @'
[ $# -eq 2 ] || { echo "contract: expected 2 arguments, got $#" >&2; exit 2; }
[ "$2" = "$PWD/defaced.nii.gz" ] || { echo "contract: output $2" >&2; exit 2; }
echo "fsl_deface stand-in: defacing $1"
/usr/bin/python3 - "$1" "$2" <<'PY'
import sys, numpy as np, nibabel as nib
img = nib.load(sys.argv[1]); d = np.asarray(img.dataobj).copy()
ny, nz = d.shape[1], d.shape[2]
d[:, int(ny * 0.7):, :int(nz * 0.4)] = 0
nib.Nifti1Image(d, img.affine, img.header).to_filename(sys.argv[2])
PY
'@

    $script:SavedEnv = @{}
    foreach ($v in 'PATH', 'FREESURFER_HOME', 'FSLDIR', 'AFNI_HOME') { $script:SavedEnv[$v] = [Environment]::GetEnvironmentVariable($v) }

    function New-Copy {
        $dest = Join-Path $script:Root ([guid]::NewGuid().ToString('N').Substring(0, 8))
        Copy-Item -LiteralPath $script:Template -Destination $dest -Recurse
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
    foreach ($v in $script:SavedEnv.Keys) { [Environment]::SetEnvironmentVariable($v, $script:SavedEnv[$v]) }
    if ($script:Root -and (Test-Path $script:Root)) { Remove-Item -LiteralPath $script:Root -Recurse -Force }
}

Describe 'Invoke-Deface with external methods' {
    BeforeEach {
        $env:PATH = '/usr/bin:/bin'
        foreach ($v in 'FREESURFER_HOME', 'AFNI_HOME') { [Environment]::SetEnvironmentVariable($v, $null) }
        $env:FSLDIR = $script:Root
    }

    It 'a missing tool is a terminating error before any file is touched' {
        $ds = New-Copy
        $before = Get-TreeHash $ds
        { Get-BidsSubject $ds | Invoke-Deface -Method MriDeface } | Should -Throw -ErrorId 'ExternalToolMissing,Defacer.Commands.InvokeDefaceCommand'
        try { Get-BidsSubject $ds | Invoke-Deface -Method MriDeface } catch { $e = $_ }
        $e.Exception.Message | Should -BeLike '*mri_deface not found on PATH or under FREESURFER_HOME/bin*'
        $e.Exception.Message | Should -BeLike '*FreeSurfer*'
        Get-TreeHash $ds | Should -Be $before
        Join-Path $ds 'sourcedata' | Should -Not -Exist
    }

    It 'runs a stand-in fsl_deface from -ToolPath on a private copy and keeps everything outside the removed block' {
        Set-StandInFslDeface $script:ZeroBlock
        $ds = New-Copy
        $r = @(Get-BidsSubject $ds | Invoke-Deface -Method FslDeface -ToolPath $script:Bin)
        $r.Count | Should -BeGreaterThan 0
        foreach ($x in $r) {
            $x.Status | Should -Be 'Defaced'
            $x.Method | Should -Be 'FslDeface'
            $x.VoxelsRemoved | Should -BeGreaterThan 0
            $x.BackupPath | Should -Exist
            $x.Details['RemovalSource'] | Should -Be 'ZeroedVoxels'
            $x.Details['ToolOutput'] | Should -BeLike '*stdout: fsl_deface stand-in: defacing *input.nii*'
            # Our side writes the result: voxels outside the block are the original's, the block's non-zero voxels are 0.
            $check = @'
import sys, numpy as np, nibabel as nib
a = nib.load(sys.argv[1]); b = nib.load(sys.argv[2])
da = np.asarray(a.dataobj); db = np.asarray(b.dataobj)
ny, nz = da.shape[1], da.shape[2]
block = np.zeros(da.shape[:3], bool); block[:, int(ny * 0.7):, :int(nz * 0.4)] = True
ok = a.header.get_data_dtype() == b.header.get_data_dtype() and np.array_equal(da[~block], db[~block]) and not db[block].any()
print("OK" if ok else "DIFF")
'@
            /usr/bin/python3 -c $check $x.BackupPath $x.Path | Should -Be 'OK'
        }
        $prov = Get-Content -Raw -LiteralPath $r[0].ProvenancePath | ConvertFrom-Json
        $prov.Runs[-1].Details.CommandLine | Should -BeLike '*fsl_deface*input.nii*defaced.nii.gz*'
    }

    It 'a tool that exits 1 is a per-image error and the dataset is untouched' {
        Set-StandInFslDeface "echo 'fsl_deface: registration failed' >&2`nexit 1"
        $ds = New-Copy
        $before = Get-TreeHash $ds
        $out = Get-BidsSubject $ds | Invoke-Deface -Method FslDeface -ToolPath $script:Bin -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -Be 'ExternalToolNonZeroExit,Defacer.Commands.InvokeDefaceCommand'
        $err[0].Exception.Message | Should -BeLike '*registration failed*'
        Get-TreeHash $ds | Should -Be $before
    }

    It 'writes the tool output to -Verbose, on the pipeline thread' {
        Set-StandInFslDeface $script:ZeroBlock
        $ds = New-Copy
        $verbose = Get-BidsSubject $ds | Invoke-Deface -Method FslDeface -ToolPath $script:Bin -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -BeLike '*FslDeface: *fsl_deface stand-in: defacing*'
    }

    It 'stops a tool after -ToolTimeout seconds: a per-image error, the dataset untouched' {
        Set-StandInFslDeface "sleep 30"
        $ds = New-Copy
        $before = Get-TreeHash $ds
        $out = Get-BidsSubject $ds | Invoke-Deface -Method FslDeface -ToolPath $script:Bin -ToolTimeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ExternalToolTimeout,Defacer.Commands.InvokeDefaceCommand'
        Get-TreeHash $ds | Should -Be $before
    }
}
