using System.Diagnostics;
using System.IO;
using System.Threading;
using Defacer.Engine.Deface.External;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Deface.External
{
    /// <summary>
    /// One real head through the whole adapter path, with an mri_deface stand-in that writes a conformed (x-flipped,
    /// 8-bit) output: the removal must come back on the original grid exactly, and the original must be untouched.
    /// </summary>
    public sealed class RealHeadTests
    {
        private readonly ITestOutputHelper _output;

        public RealHeadTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void MriDeface_stand_in_on_the_1mm_otsu_head_gives_back_exactly_the_zeroed_box_on_the_original_grid()
        {
            using var s = new StandIn();
            var original = Path.Combine(s.DataDir, "sub-otsu_T1w.nii.gz");
            File.Copy(TestData.Head("adult-t1w-1mm-ras-fullface-otsu.nii.gz"), original);
            var head = NiftiReader.Read(original).ToVolume(0);
            // Anterior-inferior block of the RAS 176x238x169 head: all x, front fifth in y, lower 40% in z.
            int[] box = { 0, head.Nx, head.Ny * 4 / 5, head.Ny, 0, head.Nz * 2 / 5 };
            var atlases = Directory.CreateDirectory(Path.Combine(s.Root, "atlases")).FullName;
            File.WriteAllText(Path.Combine(atlases, "talairach_mixed_with_skull.gca"), "gca");
            File.WriteAllText(Path.Combine(atlases, "face.gca"), "gca");
            s.AddTool("mri_deface", $@"
want_argc 4
want_input 0
{s.Py} conform ""$1"" ""$4"" 1 {string.Join(" ", box)}");
            var options = s.Options();
            options.AtlasPath = atlases;
            var before = StandIn.Sha256(original);

            var clock = Stopwatch.StartNew();
            var result = new MriDefaceMethod(options).ComputeRemovalMask(original, head, CancellationToken.None);
            clock.Stop();

            var expected = StandIn.ExpectedRemoval(head, box);
            Assert.Equal(expected.Data, result.Remove.Data);
            Assert.Equal(true, result.Details["OutputResampled"]);
            Assert.Equal(before, StandIn.Sha256(original));
            Assert.True(s.WorkFoldersCleaned);
            _output.WriteLine($"removed {expected.Count()} voxels; run {clock.Elapsed.TotalSeconds:0.00} s of which the stand-in (python) {result.Details["ToolSeconds"]} s");
        }
    }
}
