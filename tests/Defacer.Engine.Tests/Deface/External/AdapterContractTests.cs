using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Deface.External;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Deface.External
{
    /// <summary>
    /// Each adapter against a stand-in that enforces the tool's documented command line (peers.md 2.2-2.9) and exits 2
    /// on any deviation, then writes the output the real tool would. The removal read back must be exactly the box.
    /// </summary>
    public sealed class AdapterContractTests
    {
        private static DefaceMaskResult Run(StandIn s, ExternalToolMethod method, string original)
        {
            var before = StandIn.Sha256(original);
            var head = StandIn.Head();
            var result = ((IFileAwareDefaceMethod)method).ComputeRemovalMask(original, head, CancellationToken.None);
            Assert.Equal(before, StandIn.Sha256(original));
            Assert.True(s.WorkFoldersCleaned, "the work folder was not deleted");
            return result;
        }

        private static void AssertRemoval(Mask3D expected, DefaceMaskResult result)
        {
            Assert.True(expected.Count() > 100, "the test box must hold face voxels");
            Assert.True(expected.Count() < expected.Length / 2, "the test box must be a part of the head");
            Assert.Equal(expected.Data, result.Remove.Data);
            Assert.Equal(expected.Count(), (long)result.Details["VoxelsRemoved"]);
        }

        [Fact]
        public void MriDeface_found_under_FREESURFER_HOME_gets_input_two_atlases_output_and_conformed_output_is_resampled_back()
        {
            using var s = new StandIn();
            var fs = Path.Combine(s.Root, "free surfer");
            var average = Directory.CreateDirectory(Path.Combine(fs, "average")).FullName;
            File.WriteAllText(Path.Combine(average, "talairach_mixed_with_skull.gca"), "gca");
            File.WriteAllText(Path.Combine(average, "face.gca"), "gca");
            s.AddTool("mri_deface", $@"
want_argc 4
want_input 0
want 1 {StandIn.Sh(Path.Combine(average, "talairach_mixed_with_skull.gca"))}
want 2 {StandIn.Sh(Path.Combine(average, "face.gca"))}
want_work 3 defaced.nii.gz
{s.Py} conform ""$1"" ""$4"" 2 {StandIn.Box}", Path.Combine(fs, "bin"));
            var options = s.Options(new Dictionary<string, string?> { ["FREESURFER_HOME"] = fs }, toolPath: false);
            var original = s.WriteHead();

            var result = Run(s, new MriDefaceMethod(options), original);

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head()), result);
            Assert.Equal(true, result.Details["OutputResampled"]);
            Assert.Equal("ZeroedVoxels", result.Details["RemovalSource"]);
            Assert.Equal("byte copy of the original", result.Details["ToolInput"]);
            Assert.Equal(Path.Combine(fs, "bin", "mri_deface"), result.Details["ToolPath"]);
        }

        [Fact]
        public void Pydeface_gets_outfile_force_and_cost_and_voxels_scaled_below_half_count_as_removed()
        {
            using var s = new StandIn();
            var fsl = Directory.CreateDirectory(Path.Combine(s.Root, "fsl")).FullName;
            // The face box is scaled by 0.3 (removed); a second box by 0.7 (pydeface's interpolated edge: kept).
            s.AddTool("pydeface", $@"
want_argc 6
want_input 0
want 1 --outfile
want_work 2 defaced.nii.gz
want 3 --force
want 4 --cost
want 5 corratio
{s.Py} scale-box ""$1"" ""$PWD/tmp.nii.gz"" 0.3 {StandIn.Box}
{s.Py} scale-box ""$PWD/tmp.nii.gz"" ""$3"" 0.7 0 20 0 5 10 22");
            var options = s.Options(new Dictionary<string, string?> { ["FSLDIR"] = fsl });

            var result = Run(s, new PydefaceMethod(options, "corratio"), s.WriteHead());

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head()), result);
            Assert.Equal("AttenuatedVoxels", result.Details["RemovalSource"]);
            Assert.Equal("corratio", result.Details["Cost"]);
        }

        [Fact]
        public void Pydeface_without_cost_passes_no_cost_option()
        {
            using var s = new StandIn();
            var fsl = Directory.CreateDirectory(Path.Combine(s.Root, "fsl")).FullName;
            s.AddTool("pydeface", $@"
want_argc 4
want_input 0
want 1 --outfile
want_work 2 defaced.nii.gz
want 3 --force
{s.Py} set-box ""$1"" ""$3"" 0 {StandIn.Box}");
            var options = s.Options(new Dictionary<string, string?> { ["FSLDIR"] = fsl });

            var result = Run(s, new PydefaceMethod(options), s.WriteHead());

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head()), result);
        }

        [Fact]
        public void QuickshearPython_gets_anat_our_brain_mask_on_the_same_grid_output_and_buffer_in_voxels()
        {
            using var s = new StandIn();
            // Voxel sizes about 1.2 (LR), 1.0, 1.5 mm: 10 mm over the mean size in the sagittal plane (about 1.25 mm).
            var (_, sy, sz) = StandIn.Head().Spacing;
            double voxels = 10.0 / ((sy + sz) / 2);
            Assert.InRange(voxels, 7.9, 8.1);
            s.AddTool("quickshear", $@"
want_argc 4
want_input 0
want_work 1 brainmask.nii.gz
want_work 2 defaced.nii.gz
want 3 {voxels.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)}
{s.Py} same-grid ""$1"" ""$2"" || fail ""mask and anatomy grids differ (quickshear would refuse)""
{s.Py} set-box ""$1"" ""$3"" 0 {StandIn.Box}");
            Mask3D Brain(Volume3D v, CancellationToken ct)
            {
                var m = Mask3D.Like(v);
                for (int z = 10; z < 18; z++) for (int y = 6; y < 16; y++) for (int x = 5; x < 15; x++) m[x, y, z] = true;
                return m;
            }
            var method = new QuickshearPythonMethod(s.Options(), Brain, 10.0);

            var result = Run(s, method, s.WriteHead());

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head()), result);
            Assert.Equal(voxels, (double)result.Details["BufferVoxels"], 5);
            Assert.Equal(800L, (long)result.Details["BrainMaskVoxels"]);
            Assert.Equal(800L, result.Brain!.Count());
        }

        [Fact]
        public void MriDefacer_gets_apply_outdir_and_input_and_runs_with_FSLOUTPUTTYPE_NIFTI_GZ()
        {
            using var s = new StandIn();
            var fsl = Directory.CreateDirectory(Path.Combine(s.Root, "fsl")).FullName;
            s.AddTool("mridefacer", $@"
want_argc 4
want 0 --apply
want 1 --outdir
want_work 2 out
want_input 3
[ -d ""$3"" ] || fail ""outdir does not exist""
[ ""$FSLOUTPUTTYPE"" = NIFTI_GZ ] || fail ""FSLOUTPUTTYPE is '$FSLOUTPUTTYPE'""
[ ""$FSLDIR"" = {StandIn.Sh(fsl)} ] || fail ""FSLDIR not passed""
{s.Py} set-box ""$4"" ""$3/input.nii.gz"" 0 {StandIn.Box}
{s.Py} mask-box ""$4"" ""$3/input_defacemask.nii.gz"" 1 0 20 0 15 0 22");
            var options = s.Options(new Dictionary<string, string?> { ["FSLDIR"] = fsl });

            var result = Run(s, new MriDefacerMethod(options), s.WriteHead());

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head()), result);
        }

        [Theory]
        [InlineData(AfniRefacerMode.Deface, "-mode_deface", "defaced.face.nii.gz", "0")]
        [InlineData(AfniRefacerMode.Reface, "-mode_reface", "defaced.face.nii.gz", "555")]
        [InlineData(AfniRefacerMode.RefacePlus, "-mode_reface_plus", "defaced.face_plus.nii.gz", "555")]
        public void AfniRefacer_gets_input_prefix_mode_and_no_images_and_the_shell_mask_is_the_removal(AfniRefacerMode mode, string modeSwitch, string maskName, string fill)
        {
            using var s = new StandIn();
            var afni = Path.Combine(s.Root, "abin");
            // AFNI's shell: positive where replaced; the defaced image has the box zeroed or replaced.
            s.AddTool("@afni_refacer_run", $@"
want_argc 6
want 0 -input
want_input 1
want 2 -prefix
want_work 3 defaced.nii.gz
want 4 {modeSwitch}
want 5 -no_images
{s.Py} set-box ""$2"" ""$4"" {fill} {StandIn.Box}
{s.Py} mask-box ""$2"" ""$PWD/{maskName}"" 7 {StandIn.Box}", afni);
            var options = s.Options(new Dictionary<string, string?> { ["AFNI_HOME"] = afni }, toolPath: false);

            var result = Run(s, new AfniRefacerMethod(options, mode), s.WriteHead());

            // The shell mask is taken as is, background voxels included.
            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head(), includeZeros: true), result);
            Assert.Equal("FaceMask:" + maskName, result.Details["RemovalSource"]);
            Assert.Equal(mode.ToString(), result.Details["AfniMode"]);
        }

        [Fact]
        public void DeepDefacer_gets_input_file_and_defaced_output_path()
        {
            using var s = new StandIn();
            s.AddTool("deepdefacer", $@"
want_argc 4
want 0 --input_file
want_input 1
want 2 --defaced_output_path
want_work 3 defaced.nii.gz
{s.Py} set-box ""$2"" ""$4"" 0 {StandIn.Box}");

            var result = Run(s, new DeepDefacerMethod(s.Options()), s.WriteHead());

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head()), result);
        }

        [Fact]
        public void DeepDefacer_output_written_to_the_current_directory_as_basename_defaced_is_accepted()
        {
            using var s = new StandIn();
            // The version that ignores --defaced_output_path and writes <basename>_defaced.nii.gz into the CWD.
            s.AddTool("deepdefacer", $@"
want_argc 4
want_input 1
{s.Py} set-box ""$2"" ""$PWD/input_defaced.nii.gz"" 0 {StandIn.Box}");

            var result = Run(s, new DeepDefacerMethod(s.Options()), s.WriteHead());

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head()), result);
            Assert.Equal("input_defaced.nii.gz", result.Details["ToolOutputFile"]);
        }

        [Fact]
        public void FslDeface_found_under_FSLDIR_bin_gets_input_and_output()
        {
            using var s = new StandIn();
            var fsl = Path.Combine(s.Root, "fsl");
            s.AddTool("fsl_deface", $@"
want_argc 2
want_input 0
want_work 1 defaced.nii.gz
[ ""$FSLOUTPUTTYPE"" = NIFTI_GZ ] || fail ""FSLOUTPUTTYPE is '$FSLOUTPUTTYPE'""
{s.Py} set-box ""$1"" ""$2"" 0 {StandIn.Box}", Path.Combine(fsl, "bin"));
            var options = s.Options(new Dictionary<string, string?> { ["FSLDIR"] = fsl }, toolPath: false);

            var result = Run(s, new FslDefaceMethod(options), s.WriteHead());

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head()), result);
        }

        [Fact]
        public void Mideface_gets_i_o_facemask_and_the_face_mask_is_the_removal_even_when_filled_with_background()
        {
            using var s = new StandIn();
            var fs = Path.Combine(s.Root, "fs");
            s.AddTool("mideface", $@"
want_argc 6
want 0 --i
want_input 1
want 2 --o
want_work 3 defaced.nii.gz
want 4 --facemask
want_work 5 facemask.nii.gz
{s.Py} set-box ""$2"" ""$4"" 37 {StandIn.Box}
{s.Py} mask-box ""$2"" ""$6"" 1 {StandIn.Box}", Path.Combine(fs, "bin"));
            var options = s.Options(new Dictionary<string, string?> { ["FREESURFER_HOME"] = fs }, toolPath: false);

            var result = Run(s, new MidefaceMethod(options), s.WriteHead());

            AssertRemoval(StandIn.ExpectedRemoval(StandIn.Head(), includeZeros: true), result);
            Assert.Equal("FaceMask:facemask.nii.gz", result.Details["RemovalSource"]);
        }

        [Fact]
        public void Catalog_factory_builds_every_external_method_by_the_name_users_type()
        {
            var names = ExternalToolCatalog.Tools.Select(t => t.Method).ToArray();
            Assert.Equal(new[] { "MriDeface", "Pydeface", "QuickshearPython", "MriDefacer", "AfniRefacer", "DeepDefacer", "FslDeface", "Mideface" }, names);
            foreach (var name in names)
            {
                var m = ExternalToolCatalog.Create(name.ToLowerInvariant());
                Assert.Equal(name, m.Name);
                Assert.IsAssignableFrom<IDefaceMethod>(m);
                Assert.IsAssignableFrom<IFileAwareDefaceMethod>(m);
            }
        }
    }
}
