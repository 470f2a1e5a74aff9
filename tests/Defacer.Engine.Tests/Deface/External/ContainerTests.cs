using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Defacer.Engine.Deface.External;
using Xunit;

namespace Defacer.Engine.Tests.Deface.External
{
    /// <summary>
    /// Container runs: a stand-in docker/apptainer checks the exact wrapper vector, then runs the "in-image" stand-in
    /// tool the way the runtime would, so the whole path (wrap, run, read back) is exercised.
    /// </summary>
    public sealed class ContainerTests
    {
        private static string IdUser()
        {
            string Id(string flag)
            {
                using var p = Process.Start(new ProcessStartInfo("id", flag) { RedirectStandardOutput = true })!;
                var s = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit();
                return s;
            }
            return Id("-u") + ":" + Id("-g");
        }

        [Fact]
        public void Docker_wraps_mri_deface_with_rm_user_work_mount_read_only_atlas_mount_and_workdir()
        {
            using var s = new StandIn();
            var atlases = Directory.CreateDirectory(Path.Combine(s.Root, "gca files")).FullName;
            File.WriteAllText(Path.Combine(atlases, "talairach_mixed_with_skull.gca"), "gca");
            File.WriteAllText(Path.Combine(atlases, "face.gca"), "gca");
            var image = Path.Combine(s.Root, "image bin");
            var dockerArgv = Path.Combine(s.Root, "docker-argv.txt");
            s.AddTool("mri_deface", $@"
want_argc 4
want_input 0
want 1 {StandIn.Sh(Path.Combine(atlases, "talairach_mixed_with_skull.gca"))}
{s.Py} set-box ""$1"" ""$4"" 0 {StandIn.Box}", image);
            s.AddTool("docker", $@"
cp {StandIn.Sh(s.ArgvFile)} {StandIn.Sh(dockerArgv)}
want 0 run
want 1 --rm
want 2 --user
want 3 ""$(id -u):$(id -g)""
want 4 -v
want 5 ""$PWD:$PWD""
want 6 -v
want 7 {StandIn.Sh(atlases + ":" + atlases + ":ro")}
want 8 -w
want 9 ""$PWD""
want 10 freesurfer/freesurfer:7.4.1
want 11 mri_deface
shift 11
exec {StandIn.Sh(image)}/""$1"" ""${{@:2}}""");
            var options = s.Options();
            options.Container = "docker://freesurfer/freesurfer:7.4.1";
            options.AtlasPath = atlases;
            var original = s.WriteHead();

            var result = new MriDefaceMethod(options).ComputeRemovalMask(original, StandIn.Head(), CancellationToken.None);

            Assert.Equal(StandIn.ExpectedRemoval(StandIn.Head()).Data, result.Remove.Data);
            var argv = File.ReadAllLines(dockerArgv);
            Assert.Equal(16, argv.Length);
            Assert.Equal(IdUser(), argv[3]);
            var work = argv[9];
            Assert.StartsWith(s.TempRoot + Path.DirectorySeparatorChar + "defacer-mri_deface-", work);
            Assert.Equal(new[] { work + "/input.nii.gz", atlases + "/talairach_mixed_with_skull.gca", atlases + "/face.gca", work + "/defaced.nii.gz" }, argv[12..]);
            Assert.Equal("docker://freesurfer/freesurfer:7.4.1", result.Details["Container"]);
            Assert.True(s.WorkFoldersCleaned);
        }

        [Fact]
        public void Apptainer_wraps_fsl_deface_with_cleanenv_bind_pwd_and_env_and_needs_no_host_FSLDIR()
        {
            using var s = new StandIn();
            var sif = Path.Combine(s.Root, "fsl 6.0.7.sif");
            File.WriteAllText(sif, "not really an image");
            var image = Path.Combine(s.Root, "image bin");
            var runtimeArgv = Path.Combine(s.Root, "apptainer-argv.txt");
            s.AddTool("fsl_deface", $@"
want_argc 2
want_input 0
want_work 1 defaced.nii.gz
{s.Py} set-box ""$1"" ""$2"" 0 {StandIn.Box}", image);
            s.AddTool("apptainer", $@"
cp {StandIn.Sh(s.ArgvFile)} {StandIn.Sh(runtimeArgv)}
want_argc 12
want 0 exec
want 1 --cleanenv
want 2 --bind
want 3 ""$PWD:$PWD""
want 4 --pwd
want 5 ""$PWD""
want 6 --env
want 7 FSLOUTPUTTYPE=NIFTI_GZ
want 8 {StandIn.Sh(sif)}
want 9 fsl_deface
shift 9
exec {StandIn.Sh(image)}/""$1"" ""${{@:2}}""");
            var options = s.Options();
            options.Container = sif;

            Assert.True(ExternalToolCatalog.Probe("FslDeface", options).Available, ExternalToolCatalog.Probe("FslDeface", options).Reason);
            var result = new FslDefaceMethod(options).ComputeRemovalMask(s.WriteHead(), StandIn.Head(), CancellationToken.None);

            Assert.Equal(StandIn.ExpectedRemoval(StandIn.Head()).Data, result.Remove.Data);
            Assert.Equal(12, File.ReadAllLines(runtimeArgv).Length);
        }

        [Fact]
        public void Wrap_builds_the_exact_vectors()
        {
            var docker = ContainerSpec.Parse("docker://poldracklab/pydeface:2.0.2");
            var env = new Dictionary<string, string?> { ["FSLOUTPUTTYPE"] = "NIFTI_GZ", ["UNSET"] = null };
            Assert.Equal(
                new[] { "run", "--rm", "--user", "1000:1000", "-v", "/t/w:/t/w", "-w", "/t/w", "-e", "FSLOUTPUTTYPE=NIFTI_GZ", "poldracklab/pydeface:2.0.2", "pydeface", "/t/w/input.nii.gz", "--outfile", "/t/w/defaced.nii.gz", "--force" },
                docker.Wrap("pydeface", new[] { "/t/w/input.nii.gz", "--outfile", "/t/w/defaced.nii.gz", "--force" }, "/t/w", Array.Empty<string>(), env, "1000:1000"));

            var sif = ContainerSpec.Parse("/images/fs.sif");
            Assert.Equal(ContainerKind.Apptainer, sif.Kind);
            Assert.Equal(
                new[] { "exec", "--cleanenv", "--bind", "/t/w:/t/w", "--bind", "/fs/average:/fs/average:ro", "--pwd", "/t/w", "/images/fs.sif", "mri_deface", "a", "b" },
                sif.Wrap("mri_deface", new[] { "a", "b" }, "/t/w", new[] { "/fs/average" }, new Dictionary<string, string?>(), null));
        }

        [Theory]
        [InlineData("docker://nipreps/mriqc:latest", ContainerKind.Docker, "nipreps/mriqc:latest")]
        [InlineData("DOCKER://x", ContainerKind.Docker, "x")]
        [InlineData("/a/b.sif", ContainerKind.Apptainer, "/a/b.sif")]
        [InlineData("apptainer:///a/b.img", ContainerKind.Apptainer, "/a/b.img")]
        [InlineData("/a/b.simg", ContainerKind.Apptainer, "/a/b.simg")]
        public void Parse_accepts_docker_uris_and_apptainer_images(string text, ContainerKind kind, string image)
        {
            var c = ContainerSpec.Parse(text);
            Assert.Equal(kind, c.Kind);
            Assert.Equal(image, c.Image);
        }

        [Theory]
        [InlineData("ubuntu")]
        [InlineData("docker://")]
        [InlineData("docker://a b")]
        [InlineData("")]
        public void Parse_rejects_anything_else(string text)
        {
            Assert.Throws<ArgumentException>(() => ContainerSpec.Parse(text));
        }
    }
}
