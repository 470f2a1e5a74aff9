using System;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Quality;
using Defacer.Engine.Volumes;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Quality
{
    /// <summary>
    /// Test-DefaceQuality's verdicts on real heads: good defacings pass, and each deliberately bad one (a slab cut into
    /// the brain, the face untouched, half the nose left, the mask shifted 10 mm into the head) fails with its reason.
    /// </summary>
    public class DefaceQualityCheckerTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("defacer-qc");
        private readonly ITestOutputHelper _output;

        public DefaceQualityCheckerTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        public static TheoryData<string> FullFaceHeads => new TheoryData<string>
        {
            "adult39-t1w-2mm-psr-fullface-ixi012.nii.gz",
            "adult24-t1w-2mm-psr-fullface-ixi015.nii.gz",
            "adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz",
            "adult-t1w-1p6mm-ras-fullface-neck.nii.gz",
            "adult-t1w-1mm-ras-fullface-otsu.nii.gz",
        };

        [Theory]
        [MemberData(nameof(FullFaceHeads))]
        public void Quickshear_OnFullFaceHead_Passes(string head)
        {
            var (original, volume) = Load(head);
            var removal = new QuickshearMethod().ComputeRemovalMask(volume, CancellationToken.None).Remove;
            var result = Check(original, volume, removal, "good");
            Assert.Equal(0, result.BrainVoxelsChanged);
            Assert.Empty(result.RemainingFeatures);
            Assert.True(result.HeaderPreserved);
            Assert.Equal(QualityVerdict.Pass, result.Verdict);
        }

        [Theory]
        [MemberData(nameof(FullFaceHeads))]
        public void FaceUntouched_Fails_WithRemainingFeatures(string head)
        {
            var (original, volume) = Load(head);
            var result = Check(original, volume, Mask3D.Like(volume), "untouched");
            Assert.Equal(QualityVerdict.Fail, result.Verdict);
            Assert.Contains(FaceFeature.Nose, result.RemainingFeatures);
            Assert.Contains(result.Reasons, r => r.StartsWith("face features remain", StringComparison.Ordinal));
            Assert.Equal(0, result.FaceRemovedPercent, 6);
        }

        [Theory]
        [MemberData(nameof(FullFaceHeads))]
        public void SlabCutIntoBrain_Fails_WithBrainVoxelsChanged(string head)
        {
            var (original, volume) = Load(head);
            var removal = new QuickshearMethod().ComputeRemovalMask(volume, CancellationToken.None).Remove;
            // Add a 10 mm axial slab through the middle of the head's height.
            var (zMin, zMax) = WorldRange(volume, 2);
            double mid = (zMin + zMax) / 2;
            ForEachVoxel(volume, (i, x, y, z) => { if (Math.Abs(z - mid) <= 5) removal.Data[i] = 1; });
            var result = Check(original, volume, removal, "slab");
            Assert.Equal(QualityVerdict.Fail, result.Verdict);
            Assert.True(result.BrainVoxelsChanged > 1000, $"only {result.BrainVoxelsChanged} brain voxels changed");
            Assert.Contains(result.Reasons, r => r.Contains("brain voxels changed"));
        }

        [Theory]
        [MemberData(nameof(FullFaceHeads))]
        public void HalfTheNoseLeft_Fails_WithNose(string head)
        {
            var (original, volume) = Load(head);
            var removal = new QuickshearMethod().ComputeRemovalMask(volume, CancellationToken.None).Remove;
            var nose = FacePresenceDetector.Detect(volume)[FaceFeature.Nose].Region;
            double noseMid = (nose.ZMin + nose.ZMax) / 2;
            // Keep the lower half of the nose region (tip and nostrils).
            ForEachVoxel(volume, (i, x, y, z) =>
            {
                if (x >= nose.XMin && x <= nose.XMax && y >= nose.YMin && z >= nose.ZMin && z <= noseMid) removal.Data[i] = 0;
            });
            var result = Check(original, volume, removal, "halfnose");
            Assert.Equal(QualityVerdict.Fail, result.Verdict);
            Assert.Contains(FaceFeature.Nose, result.RemainingFeatures);
        }

        [Theory]
        [MemberData(nameof(FullFaceHeads))]
        public void MaskShifted10mmIntoHead_Fails_WithBrainVoxelsChanged(string head)
        {
            var (original, volume) = Load(head);
            var removal = new QuickshearMethod().ComputeRemovalMask(volume, CancellationToken.None).Remove;
            var shifted = ShiftWorld(removal, 0, -10, 10);
            var result = Check(original, volume, shifted, "shifted");
            Assert.Equal(QualityVerdict.Fail, result.Verdict);
            Assert.Contains(result.Reasons, r => r.Contains("brain voxels changed"));
        }

        [Fact]
        public void Audit_FullFaceHead_FailsAndBrainOnly_Passes()
        {
            var checker = new DefaceQualityChecker();
            var full = checker.Audit(TestData.Head("adult39-t1w-2mm-psr-fullface-ixi012.nii.gz"));
            Assert.Equal(QualityVerdict.Fail, full.Verdict);
            Assert.True(full.FacePresent);
            var brainOnly = checker.Audit(TestData.Head("brainonly-adult-flair-1mm-oblique19.nii.gz"));
            Assert.False(brainOnly.FacePresent);
            Assert.NotEqual(QualityVerdict.Fail, brainOnly.Verdict);
        }

        // The PD slab keeps its closed eyes but the detector, placing the features below a cut-off top of the head,
        // does not see them: the audit must not pass it on that word (it was a Pass before the top-cut check).
        [Fact]
        public void Audit_SlabWithTheTopOfTheHeadCutOff_WarnsInsteadOfPassing()
        {
            var audit = new DefaceQualityChecker().Audit(TestData.Head("adult-pd-axial-2p4mm-oblique-partialface-chris.nii.gz"));
            Assert.Equal(QualityVerdict.Warn, audit.Verdict);
            Assert.Contains(audit.Reasons, r => r.Contains("cuts off the top of the head"));
        }

        [Fact]
        public void Compare_WritesPicturesThatExist()
        {
            var (original, volume) = Load("adult24-t1w-2mm-psr-fullface-ixi015.nii.gz");
            var removal = new QuickshearMethod().ComputeRemovalMask(volume, CancellationToken.None).Remove;
            var result = Check(original, volume, removal, "pictures", pictures: true);
            Assert.Equal(8, result.Pictures.Count);
            foreach (var p in result.Pictures.Values)
            {
                var bytes = File.ReadAllBytes(p);
                Assert.True(bytes.Length > 1000, p);
                Assert.Equal(0x89, bytes[0]);
            }
        }

        private (NiftiImage Image, Volume3D Volume) Load(string head)
        {
            var image = NiftiReader.Read(TestData.Head(head));
            return (image, image.ToVolume(0));
        }

        private DefaceQualityResult Check(NiftiImage original, Volume3D volume, Mask3D removal, string tag, bool pictures = false)
        {
            var originalPath = Path.Combine(_dir, tag + "_orig.nii.gz");
            var defacedPath = Path.Combine(_dir, tag + "_defaced.nii.gz");
            NiftiWriter.Write(original, originalPath);
            var data = (float[])volume.Data.Clone();
            for (int i = 0; i < data.Length; i++)
            {
                if (removal.Data[i] != 0) data[i] = 0;
            }
            var defaced = NiftiReader.Read(originalPath);
            defaced.SetVolumeFromFloat(0, data);
            NiftiWriter.Write(defaced, defacedPath);
            var result = new DefaceQualityChecker().Compare(originalPath, defacedPath, pictures ? Path.Combine(_dir, "pics") : null);
            _output.WriteLine($"{tag}: {result} brainChanged={result.BrainVoxelsChanged} faceRemoved={result.FaceRemovedPercent:0.0}% outside={result.OutsideChangedPercent:0.0}% features={string.Join(",", result.Features)} {result.Seconds:0.00}s");
            return result;
        }

        private static (double Min, double Max) WorldRange(Volume3D v, int axis)
        {
            double min = double.MaxValue, max = double.MinValue;
            ForEachVoxel(v, (i, x, y, z) =>
            {
                double c = axis == 0 ? x : axis == 1 ? y : z;
                if (v.Data[i] > 0) { min = Math.Min(min, c); max = Math.Max(max, c); }
            });
            return (min, max);
        }

        private static void ForEachVoxel(Volume3D v, Action<int, double, double, double> action)
        {
            int idx = 0;
            for (int k = 0; k < v.Nz; k++)
            for (int j = 0; j < v.Ny; j++)
            for (int i = 0; i < v.Nx; i++, idx++)
            {
                var w = v.Affine.Apply(i, j, k);
                action(idx, w.X, w.Y, w.Z);
            }
        }

        // The mask moved by (dx, dy, dz) mm in world space (nearest voxel).
        private static Mask3D ShiftWorld(Mask3D mask, double dx, double dy, double dz)
        {
            var result = new Mask3D(mask.Nx, mask.Ny, mask.Nz, mask.Affine);
            var inverse = mask.Affine.Inverse();
            int idx = 0;
            for (int k = 0; k < mask.Nz; k++)
            for (int j = 0; j < mask.Ny; j++)
            for (int i = 0; i < mask.Nx; i++, idx++)
            {
                var w = mask.Affine.Apply(i, j, k);
                var s = inverse.Apply(w.X - dx, w.Y - dy, w.Z - dz);
                int si = (int)Math.Round(s.X), sj = (int)Math.Round(s.Y), sk = (int)Math.Round(s.Z);
                if (si >= 0 && sj >= 0 && sk >= 0 && si < mask.Nx && sj < mask.Ny && sk < mask.Nz && mask[si, sj, sk])
                {
                    result.Data[idx] = 1;
                }
            }
            return result;
        }
    }
}
