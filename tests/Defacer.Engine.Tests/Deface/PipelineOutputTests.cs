using System;
using System.IO;
using System.Linq;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Safety;
using Newtonsoft.Json.Linq;
using Xunit;
using static Defacer.Engine.Tests.Deface.PipelineTestKit;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>Determinism, fills, -OutputPath mode, re-run skipping, masks and provenance.</summary>
    public class PipelineOutputTests
    {
        [Theory]
        [InlineData(FaceFill.Zero)]
        [InlineData(FaceFill.Noise)]
        [InlineData(FaceFill.Blur)]
        public void SameInput_SameOutputBytes(FaceFill fill)
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16, nt: 2));
            var out1 = TestData.NewTempDir();
            var out2 = TestData.NewTempDir();

            var r1 = Pipeline(FrontBox(), o => { o.OutputRoot = out1; o.Fill = fill; o.SaveMask = true; }).Run(new DefaceTarget(path, root));
            var r2 = Pipeline(FrontBox(), o => { o.OutputRoot = out2; o.Fill = fill; o.SaveMask = true; }).Run(new DefaceTarget(path, root));

            Assert.Equal(File.ReadAllBytes(r1.OutputPath!), File.ReadAllBytes(r2.OutputPath!));
            Assert.Equal(File.ReadAllBytes(r1.MaskPath!), File.ReadAllBytes(r2.MaskPath!));
            Assert.Equal(r1.Sha256After, r2.Sha256After);
        }

        [Fact]
        public void NoiseFill_LooksLikeBackground_AndDiffersBetweenInputs()
        {
            var root = TestData.NewTempDir();
            var a = MakeDataset(Path.Combine(root, "a"), MakeImage(NiftiDataType.Float32, seed: 1));
            var b = MakeDataset(Path.Combine(root, "b"), MakeImage(NiftiDataType.Float32, seed: 2));
            var outA = TestData.NewTempDir();
            var outB = TestData.NewTempDir();
            var method = FrontBox();

            var ra = Pipeline(method, o => { o.OutputRoot = outA; o.Fill = FaceFill.Noise; }).Run(new DefaceTarget(a, Path.Combine(root, "a")));
            var rb = Pipeline(method, o => { o.OutputRoot = outB; o.Fill = FaceFill.Noise; }).Run(new DefaceTarget(b, Path.Combine(root, "b")));

            var va = NiftiReader.Read(ra.OutputPath!).GetVolumeAsFloat(0);
            var vb = NiftiReader.Read(rb.OutputPath!).GetVolumeAsFloat(0);
            var removed = Enumerable.Range(0, va.Length).Where(i => method.Removes(i % Nx, (i / Nx) % Ny, i / (Nx * Ny))).ToArray();
            var fillA = removed.Select(i => va[i]).ToArray();
            // Background in MakeImage is 5 + U(0, 4): median about 7, spread about 1.5; tissue is above 100.
            Assert.InRange(fillA.Average(), 5.5, 8.5);
            Assert.True(fillA.Max() < 50, "noise must never look like tissue");
            Assert.True(fillA.Distinct().Count() > removed.Length / 2, "noise must vary");
            Assert.NotEqual(fillA, removed.Select(i => vb[i]).ToArray());
        }

        [Fact]
        public void BlurFill_IsSmoothAverageOfNeighbourhood()
        {
            // A constant image blurs to the same constant; a two-level image blurs to values between the levels.
            var values = Enumerable.Repeat(42f, Nx * Ny * Nz).ToArray();
            var removed = new[] { 0, 17, 100, Nx * Ny * Nz - 1 };
            var blurred = RemovedVoxelFill.Compute(FaceFill.Blur, values, Nx, Ny, Nz, (2, 2, 2.5), removed, 0, 20, default);
            Assert.All(blurred, v => Assert.Equal(42.0, v, 6));

            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (i % Nx) < Nx / 2 ? 0 : 100;
            }
            var mid = new[] { 5 + Nx * (3 + Ny * 4), 6 + Nx * (3 + Ny * 4) };
            var b = RemovedVoxelFill.Compute(FaceFill.Blur, values, Nx, Ny, Nz, (2, 2, 2.5), mid, 0, 20, default);
            Assert.InRange(b[0], 20, 80);
            Assert.InRange(b[1], 20, 80);
            Assert.True(b[0] < b[1]);
        }

        [Fact]
        public void OutputPath_WritesMirroredCopy_LeavesDatasetUntouched()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16), relative: "sub-01/ses-1/anat/sub-01_ses-1_acq-fast_run-1_T2w.nii.gz");
            var tree = HashTree(root);
            var outRoot = TestData.NewTempDir();

            var r = Pipeline(FrontBox(), o => { o.OutputRoot = outRoot; o.SaveMask = true; }).Run(new DefaceTarget(path, root));

            Assert.Equal(tree, HashTree(root));
            Assert.Equal(Path.Combine(outRoot, "sub-01/ses-1/anat/sub-01_ses-1_acq-fast_run-1_T2w.nii.gz"), r.OutputPath);
            Assert.Null(r.BackupPath);
            Assert.True(File.Exists(r.OutputPath));
            Assert.Equal(Path.Combine(outRoot, "sub-01/ses-1/anat/sub-01_ses-1_acq-fast_run-1_mod-T2w_defacemask.nii.gz"), r.MaskPath);
            Assert.True(SidecarMarker.IsFileMarkedDefaced(Path.Combine(outRoot, "sub-01/ses-1/anat/sub-01_ses-1_acq-fast_run-1_T2w.json")));
            Assert.Equal(Path.Combine(outRoot, "sourcedata/defacer/sub-01/ses-1/anat/sub-01_ses-1_acq-fast_run-1_T2w.nii.gz.defacer.json"), r.ProvenancePath);
        }

        [Fact]
        public void SaveMask_SameGeometry_CountsRemoved()
        {
            var root = TestData.NewTempDir();
            var image = MakeImage(NiftiDataType.Int16, nt: 2, slope: 2, inter: 1);
            var path = MakeDataset(root, image);

            var r = Pipeline(FrontBox(), o => o.SaveMask = true).Run(new DefaceTarget(path, root));

            var mask = NiftiReader.Read(r.MaskPath!);
            Assert.Equal(NiftiDataType.Uint8, mask.Header.DataType);
            Assert.Equal(3, mask.Header.NDim);
            Assert.True(image.Header.GetAffine().ApproximatelyEquals(mask.Header.GetAffine(), 1e-9));
            Assert.Equal(r.VoxelsRemoved, mask.RawData.Count(b => b == 1));
            Assert.Equal(mask.RawData.Length, mask.RawData.Count(b => b <= 1));
            Assert.Equal(Path.Combine(root, "sub-01/anat/sub-01_mod-T1w_defacemask.nii.gz"), r.MaskPath);
        }

        [Fact]
        public void Rerun_SkipsMarkedImage_ForceDefacesAgain()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var first = Pipeline(FrontBox()).Run(new DefaceTarget(path, root));
            var tree = HashTree(root);

            var second = Pipeline(FrontBox()).Run(new DefaceTarget(path, root));

            Assert.Equal(DefaceStatus.AlreadyDefaced, second.Status);
            Assert.Equal(first.BackupPath, second.BackupPath);
            Assert.Equal(tree, HashTree(root));

            var forced = Pipeline(FrontBox(), o => o.Force = true).Run(new DefaceTarget(path, root));
            Assert.Equal(DefaceStatus.Defaced, forced.Status);
            // Zero fill of an already zeroed box: same bytes, and the provenance now has two runs.
            Assert.Equal(first.Sha256After, forced.Sha256After);
            var prov = JObject.Parse(File.ReadAllText(forced.ProvenancePath!));
            Assert.Equal(2, ((JArray)prov["Runs"]!).Count);
            Assert.Equal(first.Sha256Before, (string?)prov["Runs"]![0]!["Sha256Before"]);
            // The method description is not appended twice.
            var sidecar = JObject.Parse(File.ReadAllText(DefaceMaskName.SidecarPathFor(path)));
            Assert.Single((JArray)sidecar["DeidentificationMethod"]!);
        }

        [Fact]
        public void OutputPath_ExistingUnmarkedOutput_NotOverwrittenWithoutForce()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var outRoot = TestData.NewTempDir();
            var existing = Path.Combine(outRoot, "sub-01/anat/sub-01_T1w.nii.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(existing)!);
            File.WriteAllText(existing, "keep me");

            var ex = Assert.Throws<DefaceException>(() => Pipeline(FrontBox(), o => o.OutputRoot = outRoot).Run(new DefaceTarget(path, root)));

            Assert.Equal(DefaceErrorKind.OutputExists, ex.Kind);
            Assert.Equal("keep me", File.ReadAllText(existing));
        }

        [Fact]
        public void Provenance_RecordsMethodParametersHashesAndDetails()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));

            var r = Pipeline(FrontBox(), o => { o.MethodParameters["BufferMm"] = 10.0; o.Fill = FaceFill.Blur; }).Run(new DefaceTarget(path, root));

            Assert.Equal(Path.Combine(root, "sourcedata/defacer/sub-01/anat/sub-01_T1w.nii.gz.defacer.json"), r.ProvenancePath);
            var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(File.ReadAllText(r.ProvenancePath!))) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            var run = (JObject)JObject.Load(reader)["Runs"]![0]!;
            Assert.Equal("Box", (string?)run["Method"]);
            Assert.Equal("9.9.9", (string?)run["ModuleVersion"]);
            Assert.Equal(10.0, (double)run["Parameters"]!["BufferMm"]!);
            Assert.Equal("Blur", (string?)run["Fill"]);
            Assert.Equal(20.0, (double)run["BlurFwhmMm"]!);
            Assert.Equal(FileHashing.Sha256(r.BackupPath!), (string?)run["Sha256Before"]);
            Assert.Equal(FileHashing.Sha256(path), (string?)run["Sha256After"]);
            Assert.Equal(r.VoxelsRemoved, (long)run["VoxelsRemoved"]!);
            Assert.Equal("test", (string?)run["Details"]!["Box"]);
            Assert.EndsWith("Z", (string?)run["TimeUtc"]);
        }
    }
}
