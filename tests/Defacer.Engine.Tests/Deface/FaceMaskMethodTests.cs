using System;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Deface
{
    [Collection(FaceMaskRealHeadCollection.Name)]
    public class FaceMaskMethodTests
    {
        private const string Otsu = "adult-t1w-1mm-ras-fullface-otsu";
        private const string Ext2 = "adult-t1w-1p6mm-ras-fullface-neck";
        private const string Xa30 = "adult-t1w-2mm-ras-fullface-neck-xa30";
        private const string Ixi012 = "adult39-t1w-2mm-psr-fullface-ixi012";
        private const string Ixi015 = "adult24-t1w-2mm-psr-fullface-ixi015";

        private readonly FaceMaskRuns _runs;
        private readonly ITestOutputHelper _out;

        public FaceMaskMethodTests(FaceMaskRuns runs, ITestOutputHelper output)
        {
            _runs = runs;
            _out = output;
        }

        public static TheoryData<string, string> FullFaceHeads()
        {
            var data = new TheoryData<string, string>();
            foreach (var pair in new[] { FaceMaskRuns.Mni, FaceMaskRuns.Avg })
            {
                foreach (var head in new[] { Otsu, Ext2, Xa30, Ixi012, Ixi015 })
                {
                    data.Add(head, pair);
                }
            }
            return data;
        }

        [Theory]
        [MemberData(nameof(FullFaceHeads))]
        public void RemovesTheFaceInFrontOfTheBrain(string head, string pair)
        {
            var (image, result) = _runs.Run(head, pair);
            Assert.Equal("FaceMask", new FaceMaskMethod(_runs.Method(pair).Template).Name);
            Assert.Equal(image.Nx, result.Remove.Nx);
            Assert.True(result.Remove.Affine.ApproximatelyEquals(image.Affine, 0));
            Assert.NotNull(result.Brain);
            double tissueMl = FaceMaskRuns.RemovedTissueMl(image, result.Remove);
            var brainCentre = FaceMaskRuns.Centroid(result.Brain!);
            double anterior = FaceMaskRuns.FractionAnteriorOf(result.Remove, brainCentre.Y);
            _out.WriteLine($"{head} {pair}: removed {result.Remove.Count()} voxels, tissue {tissueMl:0} mL, anterior {anterior:P1}, " +
                $"saved {result.Details["BrainVoxelsSaved"]}, cost {result.Details["Registration.FinalMetric"]:0.000}, {result.Details["Registration.Parameters"]}");
            // The face (eyes, nose, lips, chin) is well over 100 mL of tissue, and it lies in front of the brain.
            Assert.True(tissueMl > 100, $"only {tissueMl:0} mL of tissue removed");
            Assert.True(anterior > 0.85, $"only {anterior:P1} of the removed voxels lie in front of the brain centre");
            // The removal never touches the method's own brain estimate.
            Assert.Equal(0, FaceMaskRuns.Overlap(result.Remove, result.Brain!));
            Assert.True((int)result.Details["Registration.Iterations"] > 0);
            Assert.Contains(result.Details["Registration.StopReason"], new object[] { "Converged", "MaximumIterations" });
            Assert.InRange((double)result.Details["Registration.FinalMetric"], 0.0, 0.6);
            Assert.Equal(16, ((double[])result.Details["Registration.Transform"]).Length);
        }

        [Theory]
        [InlineData(Ixi012, FaceMaskRuns.Mni)]
        [InlineData(Ixi012, FaceMaskRuns.Avg)]
        [InlineData(Ixi015, FaceMaskRuns.Mni)]
        [InlineData(Ixi015, FaceMaskRuns.Avg)]
        public void KeepsEveryLabelledBrainVoxel(string head, string pair)
        {
            var (image, result) = _runs.Run(head, pair);
            var brain = FaceMaskRuns.LabelBrain(head);
            // The registration is judged by the template's brain carried into the subject with the fitted transform.
            var transform = Affine.FromRowMajor((double[])result.Details["Registration.Transform"]);
            var warped = new OpenEdgeMask(_runs.Method(pair).Template.BrainMask!).CarryInto(image, transform);
            double dice = warped.Dice(brain);
            _out.WriteLine($"{head} {pair}: Dice of warped template brain vs DLMUSE brain {dice:0.000}, of the skull strip {result.Brain!.Dice(brain):0.000}");
            Assert.Equal(0, FaceMaskRuns.Overlap(result.Remove, brain));
            Assert.True(dice >= 0.9, $"warped template brain Dice {dice:0.000}");
        }

        [Fact]
        public void SameInputGivesIdenticalMaskBytes()
        {
            var (image, first) = _runs.Run(Xa30, FaceMaskRuns.Mni);
            // A fresh method and a copy of the image: nothing may depend on state or identity.
            var fresh = new FaceMaskMethod(FaceMaskTemplate.Load(FaceMaskRuns.Pair(FaceMaskRuns.Mni)), (v, ct) => Defacer.Engine.Segmentation.BrainExtractor.Compute(v, null, ct));
            var second = fresh.ComputeRemovalMask(image.Clone(), CancellationToken.None);
            Assert.Equal(first.Remove.Data, second.Remove.Data);
            Assert.Equal((double[])first.Details["Registration.Transform"], (double[])second.Details["Registration.Transform"]);
        }

        [Fact]
        public void SubjectBrainMaskIsProtectedAndCounted()
        {
            var (image, _) = _runs.Run(Ixi015, FaceMaskRuns.Avg);
            var brain = FaceMaskRuns.LabelBrain(Ixi015);
            // A deliberately swollen "brain" that reaches into the face: the method must give way and count it.
            var swollen = MaskDilation.Dilate(brain, 20);
            var method = new FaceMaskMethod(_runs.Method(FaceMaskRuns.Avg).Template, (v, ct) => swollen);
            var result = method.ComputeRemovalMask(image, CancellationToken.None);
            Assert.Equal(0, FaceMaskRuns.Overlap(result.Remove, swollen));
            Assert.True((long)result.Details["BrainVoxelsSaved"] > 1000);
            Assert.Same(swollen, result.Brain);

            var wrong = new FaceMaskMethod(_runs.Method(FaceMaskRuns.Avg).Template, (v, ct) => new Mask3D(3, 3, 3, v.Affine));
            Assert.Throws<ArgumentException>(() => wrong.ComputeRemovalMask(image, CancellationToken.None));
        }

        [Fact]
        public void CancellationStopsTheMethod()
        {
            var (image, _) = _runs.Run(Xa30, FaceMaskRuns.Mni);
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => _runs.Method(FaceMaskRuns.Mni).ComputeRemovalMask(image, cts.Token));
        }
    }
}
