using System.Linq;
using Defacer.Engine.Deface;
using Defacer.Engine.Quality;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>
    /// Issue 4, point 4, for the FaceMask method with both template pairs: on every shared full-face and partial-face
    /// head, and on reoriented, rotated and anisotropically resampled copies of two heads, no brain voxel changes (IXI:
    /// DLMUSE label &gt; 0; every head: the QC's brain mask) and the QC (<see cref="DefaceQualityChecker.Compare"/>)
    /// finds no facial feature left that the original had. Renders of every run were inspected as well (see the
    /// facemask branch's report); the QC's feature verdicts agreed with them.
    /// </summary>
    [Collection(FaceMaskRealHeadCollection.Name)]
    public class FaceMaskAcceptanceTests
    {
        public const string Otsu = "adult-t1w-1mm-ras-fullface-otsu";
        public const string Ext2 = "adult-t1w-1p6mm-ras-fullface-neck";
        public const string Xa30 = "adult-t1w-2mm-ras-fullface-neck-xa30";
        public const string Ixi012 = "adult39-t1w-2mm-psr-fullface-ixi012";
        public const string Ixi015 = "adult24-t1w-2mm-psr-fullface-ixi015";
        public const string ChrisT1 = "adult-t1w-0p88mm-ras-partialface-chris";
        public const string T2w = "adult-t2w-axial-1x1x2mm-las-partialface";
        public const string ChrisPd = "adult-pd-axial-2p4mm-oblique-partialface-chris";
        public const string Flair = "adult-flair-axial-5mm-lps-partialface";

        private readonly FaceMaskRuns _runs;
        private readonly ITestOutputHelper _out;

        public FaceMaskAcceptanceTests(FaceMaskRuns runs, ITestOutputHelper output)
        {
            _runs = runs;
            _out = output;
        }

        public static TheoryData<string, string> FullFaceHeads() => Cross(Otsu, Ext2, Xa30, Ixi012, Ixi015);

        public static TheoryData<string, string> PartialFaceHeads() => Cross(ChrisT1, T2w, ChrisPd, Flair);

        public static TheoryData<string, string, string> TransformedCopies()
        {
            // Each head's copies with one pair (both pairs are covered, and the suite stays within its time budget).
            var data = new TheoryData<string, string, string>();
            foreach (var (head, pair) in new[] { (Ixi015, FaceMaskRuns.Mni), (Xa30, FaceMaskRuns.Avg) })
                foreach (var transform in TransformedHeads.Names)
                    data.Add(head, transform, pair);
            return data;
        }

        [Theory]
        [MemberData(nameof(FullFaceHeads))]
        public void FullFaceHead_KeepsBrain_RemovesEveryFeature(string head, string pair)
        {
            var run = _runs.Accept(head, null, pair);
            AssertAccepted(run, head, pair);
            // A full face: the QC saw eyes, nose and mouth in the original (the chin is cut by some fields of view).
            var present = run.Quality.Features.Where(f => f.Before == FeatureState.Present).Select(f => f.Feature).ToList();
            Assert.Contains(FaceFeature.Eyes, present);
            Assert.Contains(FaceFeature.Nose, present);
        }

        [Theory]
        [MemberData(nameof(PartialFaceHeads))]
        public void PartialFaceHead_KeepsBrain_RemovesWhatIsInView(string head, string pair)
        {
            var run = _runs.Accept(head, null, pair);
            AssertAccepted(run, head, pair);
            // The field of view holds the eyes and (some of) the nose: where the QC can place a face region, a good
            // part of it is gone (the PD's lowest figure, 43% with the MNI pair, is the eye region that our brain mask,
            // which on that PD wrongly takes in the eyeballs, keeps), and in any case tens of mL of tissue were removed,
            // most of it in front of the brain (the rest is the lower face and the front of the neck under it).
            var q = run.Quality;
            if (!double.IsNaN(q.FaceRemovedPercent))
            {
                Assert.True(q.FaceRemovedPercent >= 40, $"only {q.FaceRemovedPercent:0.#}% of the face region removed");
            }
            double ml = FaceMaskRuns.RemovedTissueMl(run.Image, run.Result.Remove);
            double anterior = FaceMaskRuns.FractionAnteriorOf(run.Result.Remove, FaceMaskRuns.Centroid(run.Result.Brain!).Y);
            _out.WriteLine($"  removed tissue {ml:0} mL, {anterior:P0} in front of the brain centre");
            Assert.True(ml > 40, $"only {ml:0} mL of tissue removed");
            Assert.True(anterior > 0.75, $"only {anterior:P0} of the removal lies in front of the brain centre");
        }

        [Theory]
        [MemberData(nameof(TransformedCopies))]
        public void TransformedCopy_KeepsBrain_RemovesEveryFeature(string head, string transform, string pair)
        {
            var run = _runs.Accept(head, transform, pair);
            AssertAccepted(run, $"{head} {transform}", pair);
            Assert.Contains(FaceFeature.Nose, run.Quality.Features.Where(f => f.Before == FeatureState.Present).Select(f => f.Feature));
            if (transform == "PIR")
            {
                // The same voxels in another order: the same removal, up to the registration's sampling of a permuted
                // grid (the sample points are drawn per voxel index).
                var original = _runs.Accept(head, null, pair);
                double ratio = (double)run.Result.Remove.Count() / original.Result.Remove.Count();
                _out.WriteLine($"  removed {ratio:0.000} x the original's count");
                Assert.InRange(ratio, 0.95, 1.05);
            }
        }

        private void AssertAccepted(FaceMaskRun run, string what, string pair)
        {
            var q = run.Quality;
            long labelChanged = run.Labels == null ? -1 : FaceMaskRuns.Overlap(run.Result.Remove, run.Labels);
            _out.WriteLine($"{what} ({pair}): {q.Verdict}; brain voxels changed {q.BrainVoxelsChanged} (QC mask of {q.BrainVoxels})" +
                (run.Labels == null ? "" : $", labelled brain voxels removed {labelChanged}") +
                $"; face region removed {q.FaceRemovedPercent:0.0}%; {string.Join("; ", q.Features)}; {string.Join("; ", q.Reasons)}; " +
                $"registration cost {run.Result.Details["Registration.FinalMetric"]:0.000}, {run.Result.Details["Registration.Parameters"]}");
            Assert.Equal(0, q.BrainVoxelsChanged);
            if (run.Labels != null)
            {
                Assert.Equal(0, labelChanged);
            }
            Assert.Empty(q.RemainingFeatures);
            Assert.NotEqual(QualityVerdict.Fail, q.Verdict);
        }

        private static TheoryData<string, string> Cross(params string[] heads)
        {
            var data = new TheoryData<string, string>();
            foreach (var pair in new[] { FaceMaskRuns.Mni, FaceMaskRuns.Avg })
                foreach (var head in heads)
                    data.Add(head, pair);
            return data;
        }
    }
}
