using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface.External;
using Xunit;

namespace Defacer.Engine.Tests.Deface.External
{
    /// <summary>
    /// Every way a tool run can go wrong is a typed per-image error (or a cancellation), the original stays
    /// byte-identical and the work folder is removed.
    /// </summary>
    public sealed class FailureTests
    {
        /// <summary>Runs fsl_deface (the simplest contract) with the given stand-in body and returns the error.</summary>
        private static ExternalToolException Fails(StandIn s, string body, ExternalToolOptions? options = null, string? original = null)
        {
            s.AddTool("fsl_deface", body);
            options ??= s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FSLDIR"] = s.Root });
            original ??= s.WriteHead();
            var before = StandIn.Sha256(original);
            var method = new FslDefaceMethod(options);
            var e = Assert.Throws<ExternalToolException>(() => method.ComputeRemovalMask(original, StandIn.Head(), CancellationToken.None));
            Assert.Equal(before, StandIn.Sha256(original));
            Assert.True(s.WorkFoldersCleaned, "the work folder was not deleted");
            Assert.Equal(original, e.ImagePath);
            Assert.Contains("The original was not modified", e.Message);
            Assert.False(e.IsAvailabilityProblem);
            return e;
        }

        [Fact]
        public void Exit_code_1_is_a_per_image_error_carrying_the_tool_output()
        {
            using var s = new StandIn();
            var e = Fails(s, "echo 'registering...'\necho 'ERROR: registration diverged' >&2\nexit 1");
            Assert.Equal(ExternalToolErrorKind.NonZeroExit, e.Kind);
            Assert.Equal(1, e.ExitCode);
            Assert.Contains("stderr: ERROR: registration diverged", e.Message);
            Assert.Contains("stdout: registering...", e.ToolOutputTail);
        }

        [Fact]
        public void Exit_0_without_output_is_NoOutput()
        {
            using var s = new StandIn();
            var e = Fails(s, "echo done");
            Assert.Equal(ExternalToolErrorKind.NoOutput, e.Kind);
            Assert.Contains("defaced.nii.gz", e.Message);
        }

        [Fact]
        public void Output_on_a_grid_that_does_not_cover_the_image_is_WrongShape()
        {
            using var s = new StandIn();
            var e = Fails(s, $"{s.Py} small \"$1\" \"$2\"");
            Assert.Equal(ExternalToolErrorKind.WrongShape, e.Kind);
            Assert.Contains("4x4x4", e.Message);
        }

        [Fact]
        public void Output_that_is_not_NIfTI_is_MalformedOutput()
        {
            using var s = new StandIn();
            var e = Fails(s, "head -c 5000 /dev/urandom > \"$2\"");
            Assert.Equal(ExternalToolErrorKind.MalformedOutput, e.Kind);
        }

        [Fact]
        public void Output_that_removes_the_whole_head_is_MalformedOutput()
        {
            using var s = new StandIn();
            var e = Fails(s, $"{s.Py} set-box \"$1\" \"$2\" 0 0 20 0 24 0 22");
            Assert.Equal(ExternalToolErrorKind.MalformedOutput, e.Kind);
            Assert.Contains("not the head", e.Message);
        }

        [Fact]
        public void A_face_mask_that_disagrees_with_the_zeroed_voxels_is_MalformedOutput()
        {
            using var s = new StandIn();
            // The output zeroes the face box but the mask marks the back of the head: wrong polarity or wrong image.
            s.AddTool("mideface", $"{s.Py} set-box \"$2\" \"$4\" 0 {StandIn.Box}\n{s.Py} mask-box \"$2\" \"$6\" 1 0 20 0 8 0 22");
            var original = s.WriteHead();
            var method = new MidefaceMethod(s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FREESURFER_HOME"] = s.Root }));
            var e = Assert.Throws<ExternalToolException>(() => method.ComputeRemovalMask(original, StandIn.Head(), CancellationToken.None));
            Assert.Equal(ExternalToolErrorKind.MalformedOutput, e.Kind);
            Assert.Contains("disagrees", e.Message);
        }

        [Fact]
        public void A_missing_face_mask_is_NoOutput()
        {
            using var s = new StandIn();
            s.AddTool("mideface", $"{s.Py} set-box \"$2\" \"$4\" 0 {StandIn.Box}");
            var method = new MidefaceMethod(s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FREESURFER_HOME"] = s.Root }));
            var e = Assert.Throws<ExternalToolException>(() => method.ComputeRemovalMask(s.WriteHead(), StandIn.Head(), CancellationToken.None));
            Assert.Equal(ExternalToolErrorKind.NoOutput, e.Kind);
            Assert.Contains("facemask.nii.gz", e.Message);
        }

        [Fact]
        public void Timeout_kills_the_whole_process_tree_quickly()
        {
            using var s = new StandIn();
            var pidFile = Path.Combine(s.Root, "child.pid");
            var options = s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FSLDIR"] = s.Root });
            options.Timeout = TimeSpan.FromSeconds(1.5);
            var clock = Stopwatch.StartNew();
            // The script starts a grandchild and waits: killing only bash would leave the sleep running.
            var e = Fails(s, $"sleep 60 &\necho $! > {StandIn.Sh(pidFile)}\nwait", options);
            clock.Stop();
            Assert.Equal(ExternalToolErrorKind.Timeout, e.Kind);
            Assert.Null(e.ExitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
            int child = int.Parse(File.ReadAllText(pidFile).Trim());
            Assert.True(WaitGone(child), $"the grandchild {child} survived the timeout");
        }

        [Fact]
        public void Cancellation_kills_the_tool_and_throws_OperationCanceled()
        {
            using var s = new StandIn();
            var pidFile = Path.Combine(s.Root, "child.pid");
            s.AddTool("fsl_deface", $"sleep 60 &\necho $! > {StandIn.Sh(pidFile)}\nwait");
            var original = s.WriteHead();
            var method = new FslDefaceMethod(s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FSLDIR"] = s.Root }));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
            var clock = Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => method.ComputeRemovalMask(original, StandIn.Head(), cts.Token));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
            Assert.True(s.WorkFoldersCleaned);
            int child = int.Parse(File.ReadAllText(pidFile).Trim());
            Assert.True(WaitGone(child), $"the grandchild {child} survived cancellation");
        }

        [Fact]
        public void A_tool_removed_before_the_run_fails_before_any_work_folder_is_made()
        {
            using var s = new StandIn();
            var method = new FslDefaceMethod(s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FSLDIR"] = s.Root }));
            var e = Assert.Throws<ExternalToolException>(() => method.ComputeRemovalMask(s.WriteHead(), StandIn.Head(), CancellationToken.None));
            Assert.Equal(ExternalToolErrorKind.ToolMissing, e.Kind);
            Assert.True(e.IsAvailabilityProblem);
            Assert.True(s.WorkFoldersCleaned);
        }

        [Fact]
        public void Tool_output_reaches_the_log_callback_and_the_provenance_details()
        {
            using var s = new StandIn();
            s.AddTool("fsl_deface", $"echo 'step 1 of 2'\necho 'warning: odd voxel size' >&2\n{s.Py} set-box \"$1\" \"$2\" 0 {StandIn.Box}");
            var method = new FslDefaceMethod(s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FSLDIR"] = s.Root }));
            var result = method.ComputeRemovalMask(s.WriteHead(), StandIn.Head(), CancellationToken.None);
            Assert.Contains("stdout: step 1 of 2", s.Lines);
            Assert.Contains("stderr: warning: odd voxel size", s.Lines);
            Assert.Contains(s.Lines, l => l.StartsWith("FslDeface: running on a private copy of ") && l.Contains("fsl_deface"));
            var transcript = (string)result.Details["ToolOutput"];
            Assert.Contains("stdout: step 1 of 2", transcript);
            Assert.Contains("stderr: warning: odd voxel size", transcript);
            Assert.Equal(0, result.Details["ExitCode"]);
            Assert.Contains("fsl_deface", (string)result.Details["CommandLine"]);
        }

        [Fact]
        public void A_4D_original_gives_the_tool_volume_0_as_float32_and_no_file_works_too()
        {
            using var s = new StandIn();
            s.AddTool("fsl_deface", $"want_input 0\n{s.Py} set-box \"$1\" \"$2\" 0 {StandIn.Box}");
            var head = StandIn.Head();
            var image = Defacer.Engine.Nifti.NiftiImage.Create(Defacer.Engine.Nifti.NiftiDataType.Int16, head.Affine, StandIn.Nx, StandIn.Ny, StandIn.Nz, 2);
            image.SetVolumeFromFloat(0, head.Data);
            image.SetVolumeFromFloat(1, head.Data);
            var fourD = Path.Combine(s.DataDir, "sub-01_bold.nii.gz");
            Defacer.Engine.Nifti.NiftiWriter.Write(image, fourD);
            var method = new FslDefaceMethod(s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FSLDIR"] = s.Root }));

            var r4 = method.ComputeRemovalMask(fourD, head, CancellationToken.None);
            var rNoFile = method.ComputeRemovalMask(head, CancellationToken.None);

            var expected = StandIn.ExpectedRemoval(head);
            Assert.Equal(expected.Data, r4.Remove.Data);
            Assert.Equal("volume 0 of the original written as float32", r4.Details["ToolInput"]);
            Assert.Equal(expected.Data, rNoFile.Remove.Data);
            Assert.Equal("volume written as float32", rNoFile.Details["ToolInput"]);
        }

        [Fact]
        public void The_work_folder_is_private_to_the_user_and_kept_only_on_request()
        {
            using var s = new StandIn();
            s.AddTool("fsl_deface", $"stat -c %a \"$PWD\" > {StandIn.Sh(Path.Combine(s.Root, "mode.txt"))}\n{s.Py} set-box \"$1\" \"$2\" 0 {StandIn.Box}");
            var options = s.Options(new System.Collections.Generic.Dictionary<string, string?> { ["FSLDIR"] = s.Root });
            options.KeepWorkFolder = true;
            new FslDefaceMethod(options).ComputeRemovalMask(s.WriteHead(), StandIn.Head(), CancellationToken.None);
            Assert.Equal("700", File.ReadAllText(Path.Combine(s.Root, "mode.txt")).Trim());
            var kept = Assert.Single(Directory.GetDirectories(s.TempRoot));
            Assert.True(File.Exists(Path.Combine(kept, "defaced.nii.gz")));
            Assert.Contains(s.Lines, l => l == "FslDeface: work folder kept: " + kept);
        }

        private static bool WaitGone(int pid)
        {
            for (int i = 0; i < 50; i++)
            {
                // A killed child may linger as a zombie until reaped; "Z" in /proc/<pid>/stat counts as gone.
                var stat = $"/proc/{pid}/stat";
                if (!File.Exists(stat))
                {
                    return true;
                }
                try
                {
                    var text = File.ReadAllText(stat);
                    var state = text.Substring(text.LastIndexOf(')') + 2, 1);
                    if (state == "Z" || state == "X")
                    {
                        return true;
                    }
                }
                catch (IOException)
                {
                    return true;
                }
                Thread.Sleep(100);
            }
            return false;
        }
    }
}
