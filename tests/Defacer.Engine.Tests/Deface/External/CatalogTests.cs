using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Defacer.Engine.Deface.External;
using Xunit;

namespace Defacer.Engine.Tests.Deface.External
{
    /// <summary>Availability is reported truthfully, from files and variables only, with reasons users can act on.</summary>
    public sealed class CatalogTests
    {
        [Fact]
        public void Nothing_installed_names_the_tool_where_it_was_looked_for_and_the_atlases()
        {
            using var s = new StandIn();
            var p = ExternalToolCatalog.Probe("MriDeface", s.Options(toolPath: false));
            Assert.False(p.Available);
            Assert.Equal(ExternalToolErrorKind.ToolMissing, p.FirstProblem);
            Assert.Equal(
                "mri_deface not found on PATH or under FREESURFER_HOME/bin; atlases talairach_mixed_with_skull.gca, face.gca missing (no -AtlasPath, and FREESURFER_HOME is not set)",
                p.Reason);
        }

        [Fact]
        public void FREESURFER_HOME_pointing_at_an_empty_folder_gives_the_atlas_reason()
        {
            using var s = new StandIn();
            s.AddTool("mri_deface", "exit 0");
            var fs = Directory.CreateDirectory(Path.Combine(s.Root, "empty fs")).FullName;
            var p = ExternalToolCatalog.Probe("mrideface", s.Options(new Dictionary<string, string?> { ["FREESURFER_HOME"] = fs }));
            Assert.False(p.Available);
            Assert.Equal(ExternalToolErrorKind.AtlasMissing, p.FirstProblem);
            Assert.Equal($"atlases talairach_mixed_with_skull.gca, face.gca missing under FREESURFER_HOME/average ({Path.Combine(fs, "average")})", p.Reason);
        }

        [Fact]
        public void AtlasPath_with_one_atlas_names_the_missing_one_and_with_both_is_available()
        {
            using var s = new StandIn();
            s.AddTool("mri_deface", "exit 0");
            var atlases = Directory.CreateDirectory(Path.Combine(s.Root, "atlases")).FullName;
            File.WriteAllText(Path.Combine(atlases, "talairach_mixed_with_skull.gca"), "x");
            var options = s.Options();
            options.AtlasPath = atlases;
            Assert.Equal($"atlas face.gca missing in -AtlasPath {atlases}", ExternalToolCatalog.Probe("MriDeface", options).Reason);

            File.WriteAllText(Path.Combine(atlases, "face.gca"), "x");
            var p = ExternalToolCatalog.Probe("MriDeface", options);
            Assert.True(p.Available, p.Reason);
            Assert.Equal(Path.Combine(s.Bin, "mri_deface"), p.ExecutablePath);
            Assert.Equal(atlases, p.AtlasFolder);
        }

        [Fact]
        public void EnsureAvailable_throws_naming_the_tool_how_to_get_it_and_the_native_methods()
        {
            using var s = new StandIn();
            var e = Assert.Throws<ExternalToolException>(() => ExternalToolCatalog.EnsureAvailable("Pydeface", s.Options()));
            Assert.Equal(ExternalToolErrorKind.ToolMissing, e.Kind);
            Assert.True(e.IsAvailabilityProblem);
            Assert.Equal("pydeface", e.Tool);
            Assert.Equal("Pydeface", e.Method);
            Assert.Contains($"pydeface not found in -ToolPath {s.Bin} or on PATH", e.Message);
            Assert.Contains("pip install pydeface", e.Message);
            Assert.Contains("-Container docker://", e.Message);
            // Names the native methods this build can run (those registered), or says there is none.
            var natives = ExternalToolCatalog.RunnableNativeMethods;
            Assert.EndsWith(natives.Count == 0
                ? "No native method is registered in this build of the module."
                : "Methods that work now without external software: " + string.Join(", ", natives) + ".", e.Message);
            Assert.All(natives, n => Assert.True(Defacer.Engine.Deface.DefaceMethodRegistry.Default.Contains(n)));
            Assert.Null(e.ImagePath);
        }

        [Fact]
        public void A_tool_on_PATH_flips_availability_and_FSL_tools_also_need_FSLDIR()
        {
            using var s = new StandIn();
            s.AddTool("pydeface", "exit 0");
            var noFsl = ExternalToolCatalog.Probe("Pydeface", s.Options(new Dictionary<string, string?> { ["PATH"] = s.Bin + ":/usr/bin:/bin" }, toolPath: false));
            Assert.Equal(Path.Combine(s.Bin, "pydeface"), noFsl.ExecutablePath);
            Assert.Equal(ExternalToolErrorKind.EnvironmentMissing, noFsl.FirstProblem);
            Assert.Equal("FSLDIR is not set (pydeface runs FSL's flirt)", noFsl.Reason);

            var ok = ExternalToolCatalog.Probe("Pydeface", s.Options(new Dictionary<string, string?> { ["PATH"] = s.Bin + ":/usr/bin:/bin", ["FSLDIR"] = s.Root }, toolPath: false));
            Assert.True(ok.Available, ok.Reason);
        }

        [Fact]
        public void A_file_without_execute_permission_is_not_a_tool()
        {
            using var s = new StandIn();
            var path = s.AddTool("deepdefacer", "exit 0");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            Assert.False(ExternalToolCatalog.Probe("DeepDefacer", s.Options()).Available);
        }

        [Fact]
        public void ToolPath_may_be_the_executable_itself_under_any_name()
        {
            using var s = new StandIn();
            var path = s.AddTool("deepdefacer-1.2", "exit 0");
            var options = s.Options();
            options.ToolPath = path;
            var p = ExternalToolCatalog.Probe("DeepDefacer", options);
            Assert.True(p.Available, p.Reason);
            Assert.Equal(path, p.ExecutablePath);
        }

        [Fact]
        public void AFNI_is_found_through_AFNI_HOME_and_next_to_afni_on_PATH()
        {
            using var s = new StandIn();
            var abin = Path.Combine(s.Root, "abin");
            s.AddTool("@afni_refacer_run", "exit 0", abin);
            Assert.Equal("@afni_refacer_run not found on PATH, in AFNI_HOME, under AFNI_HOME/bin or next to afni",
                ExternalToolCatalog.Probe("AfniRefacer", s.Options(toolPath: false)).Reason);
            Assert.True(ExternalToolCatalog.Probe("AfniRefacer", s.Options(new Dictionary<string, string?> { ["AFNI_HOME"] = abin }, toolPath: false)).Available);
        }

        [Fact]
        public void Container_runs_need_the_runtime_and_the_image_file_not_the_tool()
        {
            using var s = new StandIn();
            var options = s.Options();
            options.Container = "docker://freesurfer/freesurfer:7.4.1";
            var p = ExternalToolCatalog.Probe("Mideface", options);
            Assert.Equal($"container runtime docker not found in -ToolPath {s.Bin} or on PATH", p.Reason);

            s.AddTool("docker", "exit 0");
            p = ExternalToolCatalog.Probe("Mideface", options);
            Assert.True(p.Available, p.Reason);
            Assert.Equal(Path.Combine(s.Bin, "docker"), p.LaunchPath);

            options.Container = Path.Combine(s.Root, "missing.sif");
            s.AddTool("singularity", "exit 0");
            p = ExternalToolCatalog.Probe("Mideface", options);
            Assert.Equal($"apptainer image {options.Container} not found", p.Reason);
        }

        [Fact]
        public void An_invalid_container_is_an_options_error()
        {
            using var s = new StandIn();
            var options = s.Options();
            options.Container = "ubuntu";
            var e = Assert.Throws<ExternalToolException>(() => ExternalToolCatalog.EnsureAvailable("FslDeface", options));
            Assert.Equal(ExternalToolErrorKind.InvalidOptions, e.Kind);
            Assert.Contains("neither docker://", e.Message);
        }

        [Fact]
        public void A_non_positive_timeout_is_an_options_error()
        {
            using var s = new StandIn();
            s.AddTool("deepdefacer", "exit 0");
            var options = s.Options();
            options.Timeout = System.TimeSpan.Zero;
            var e = Assert.Throws<ExternalToolException>(() => ExternalToolCatalog.EnsureAvailable("DeepDefacer", options));
            Assert.Equal(ExternalToolErrorKind.InvalidOptions, e.Kind);
            Assert.Contains("timeout must be positive", e.Message);
        }

        [Fact]
        public void ListMethods_gives_native_methods_first_always_available_then_every_external_one()
        {
            using var s = new StandIn();
            s.AddTool("quickshear", "exit 0");
            var list = ExternalToolCatalog.ListMethods(s.Options());
            Assert.Equal(new[] { "Quickshear", "FaceMask" }, list.Take(2).Select(m => m.Name));
            Assert.Equal(new[] { "MriDeface", "Pydeface", "QuickshearPython", "MriDefacer", "AfniRefacer", "DeepDefacer", "FslDeface", "Mideface" }, list.Skip(list.Count - 8).Select(m => m.Name));
            // A native method is available exactly when this build registers it.
            var registry = Defacer.Engine.Deface.DefaceMethodRegistry.Default;
            Assert.All(list.Where(m => m.Kind == "Native"), m =>
            {
                Assert.Equal(registry.Contains(m.Name), m.Available);
                Assert.Equal(m.Available ? "" : "not registered in this build of the module", m.Reason);
            });
            Assert.Equal(list.Count - 8, list.Count(m => m.Kind == "Native"));
            Assert.All(list.Skip(list.Count - 8), m => Assert.Equal("External", m.Kind));
            Assert.True(list.Single(m => m.Name == "QuickshearPython").Available);
            Assert.All(list.Skip(list.Count - 8).Where(m => m.Name != "QuickshearPython"), m => Assert.False(m.Available));
            Assert.True(ExternalToolCatalog.IsNative("facemask"));
            Assert.False(ExternalToolCatalog.IsExternal("Quickshear"));
        }
    }
}
