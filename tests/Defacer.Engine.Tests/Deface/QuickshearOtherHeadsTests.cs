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

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>
    /// Quickshear (default settings, our skull stripping) on the shared heads that are not full-face: the four partial-face
    /// heads, judged by <see cref="DefaceQualityChecker"/>, and the heads without a face to remove (skull-stripped,
    /// already defaced, face cropped by the field of view, 4D pCASL, TOF angiogram), where it must not touch the brain. Lesion masks
    /// shipped with two heads must survive whole.
    /// </summary>
    public class QuickshearOtherHeadsTests
    {
        private readonly ITestOutputHelper _output;

        public QuickshearOtherHeadsTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>
        /// The checker's verdict on the defaced partial-face heads: no brain voxel changed, no facial feature it found in
        /// the original remains. The 5 mm FLAIR kept its eyes before the brain surface learned to stop at fat (the
        /// surface flowed into the orbits through the blurred orbital roof and the cut sat in front of the eyes).
        /// </summary>
        [Theory]
        [InlineData("adult-t1w-0p88mm-ras-partialface-chris", null)]
        [InlineData("adult-t2w-axial-1x1x2mm-las-partialface", null)]
        [InlineData("adult-pd-axial-2p4mm-oblique-partialface-chris", null)]
        [InlineData("adult-flair-axial-5mm-lps-partialface", "_wmlesion-mask")]
        public void PartialFaceHead_QualityCheckerPasses_LesionsKept(string name, string? lesionSuffix)
        {
            var (q, remove, _) = DefaceAndCheck(name);
            _output.WriteLine($"{name}: {q}; brain voxels changed {q.BrainVoxelsChanged} of {q.BrainVoxels}; face region removed {q.FaceRemovedPercent:F1}%; " +
                string.Join(", ", q.Features.Select(f => f.ToString())));
            Assert.Equal(0, q.BrainVoxelsChanged);
            Assert.Empty(q.RemainingFeatures);
            Assert.NotEqual(QualityVerdict.Fail, q.Verdict);
            if (lesionSuffix != null)
            {
                AssertLesionsKept(name + lesionSuffix, remove);
            }
        }

        /// <summary>The FLAIR's eyes are in the field of view and the checker must see them go (not merely "not found").</summary>
        [Fact]
        public void Flair5mm_EyesPresentBefore_AbsentAfter()
        {
            var (q, _, _) = DefaceAndCheck("adult-flair-axial-5mm-lps-partialface");
            var eyes = q.Features.Single(f => f.Feature == FaceFeature.Eyes);
            _output.WriteLine(eyes.ToString());
            Assert.Equal(FeatureState.Present, eyes.Before);
            Assert.Equal(FeatureState.Absent, eyes.After);
        }

        /// <summary>
        /// Skull-stripped images: the head is the brain, so not one tissue voxel (value above the faint background) may
        /// go. The brain surface used to stop 6 mm under their surface (the scalp-depth limit), and the cut took 1,300 to
        /// 2,200 voxels of cortex.
        /// </summary>
        [Theory]
        [InlineData("brainonly-adult-flair-1mm-oblique19")]
        [InlineData("brainonly-child6y-t1w-0p8mm-oblique")]
        [InlineData("brainonly-infant1mo-t1w-0p8mm-oblique")]
        [InlineData("brainonly-template-2p4mm-orient-ras")]
        [InlineData("brainonly-template-2p4mm-orient-pir")]
        public void BrainOnlyHead_NoTissueRemoved(string name)
        {
            var volume = NiftiReader.Read(TestData.Head(name + ".nii.gz")).ToVolume(0);
            var r = new QuickshearMethod().ComputeRemovalMask(volume, CancellationToken.None);
            long tissue = 0, removed = 0;
            for (int i = 0; i < volume.Length; i++)
            {
                if (volume.Data[i] > 1f)
                {
                    tissue++;
                    removed += r.Remove.Data[i];
                }
            }
            _output.WriteLine($"{name}: {removed} of {tissue} tissue voxels removed, {r.Remove.Count()} voxels removed in all");
            Assert.True(tissue > 10000, "the image should hold a brain");
            Assert.Equal(0, removed);
        }

        /// <summary>Heads with little or no face left: the checker finds no brain voxel changed; the stroke lesion stays whole.</summary>
        [Theory]
        [InlineData("patient-t2w-1mm-ras-stroke-facecropped", "_lesion-mask")]
        [InlineData("elderly-flair-1p3x1p2x3mm-lps-oblique-alreadydefaced-miccai2017", null)]
        [InlineData("adult-pcasl-4d-3x3x6mm", null)]
        public void FacelessHead_NoBrainVoxelChanged(string name, string? lesionSuffix)
        {
            var (q, remove, _) = DefaceAndCheck(name);
            _output.WriteLine($"{name}: {q}; brain voxels changed {q.BrainVoxelsChanged} of {q.BrainVoxels}, {q.ChangedVoxels} voxels changed");
            Assert.Equal(0, q.BrainVoxelsChanged);
            Assert.True(q.BrainVoxels > 10000, "the checker should find a brain");
            if (lesionSuffix != null)
            {
                AssertLesionsKept(name + lesionSuffix, remove);
            }
        }

        /// <summary>
        /// The TOF angiogram shows vessels and almost no tissue: no brain surface can be found, and Quickshear must fail
        /// the image with a typed error naming it, writing nothing, rather than guess a cut.
        /// </summary>
        [Fact]
        public void Angiogram_NoBrainFound_FailsCleanly_WritesNothing()
        {
            var root = TestData.NewTempDir();
            string source = Path.Combine(root, "adult-mra-0p5mm-oblique-chris.nii.gz");
            File.Copy(TestData.Head("adult-mra-0p5mm-oblique-chris.nii.gz"), source);
            var output = Path.Combine(root, "out");
            var pipeline = new DefacePipeline(new QuickshearMethod(), new DefaceOptions { OutputRoot = output });
            var ex = Assert.Throws<DefaceException>(() => pipeline.Run(new DefaceTarget(source)));
            _output.WriteLine(ex.Message);
            Assert.Equal(DefaceErrorKind.MethodFailed, ex.Kind);
            Assert.Contains("adult-mra-0p5mm-oblique-chris", ex.Message);
            Assert.False(Directory.Exists(output) && Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Any(), "nothing may be written");
        }

        private (DefaceQualityResult Quality, Mask3D Remove, string Path) DefaceAndCheck(string name)
        {
            string source = TestData.Head(name + ".nii.gz");
            var image = NiftiReader.Read(source);
            var r = new QuickshearMethod().ComputeRemovalMask(image.ToVolume(0), CancellationToken.None);
            FaceRemoval.Apply(image, r.Remove, FaceFill.Zero, 1, RemovedVoxelFill.DefaultBlurFwhmMm, CancellationToken.None);
            string defaced = Path.Combine(TestData.NewTempDir(), name + ".nii.gz");
            NiftiWriter.Write(image, defaced);
            var q = new DefaceQualityChecker(new DefaceQualityOptions { Pictures = false }).Compare(source, defaced);
            return (q, r.Remove, defaced);
        }

        private void AssertLesionsKept(string maskName, Mask3D remove)
        {
            var lesions = NiftiReader.Read(TestData.Head(maskName + ".nii.gz")).ToVolume(0);
            long total = 0, gone = 0;
            for (int i = 0; i < lesions.Length; i++)
            {
                if (lesions.Data[i] > 0.5f)
                {
                    total++;
                    gone += remove.Data[i];
                }
            }
            _output.WriteLine($"{maskName}: {gone} of {total} lesion voxels removed");
            Assert.True(total > 0, "the lesion mask should hold lesions");
            Assert.Equal(0, gone);
        }
    }
}
