using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Threading;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// Base of every external-tool method. One run: probe the tool, copy the image into a private work folder (the tool
    /// never sees the original), run the tool with its documented arguments (directly or wrapped in a container), read
    /// what it wrote, bring it onto the input grid, and derive the voxels it removed. The pipeline then writes the
    /// result like for a native method (backup, atomic replace, header and datatype kept, provenance, sidecar, fill),
    /// so only removed voxels ever change in the original.
    /// </summary>
    /// <remarks>
    /// <see cref="DefaceMaskResult.Details"/> keys: Tool, ToolPath, Container, CommandLine, ExitCode, ToolSeconds,
    /// ToolOutput (stdout/stderr transcript), ToolInput, RemovalSource, OutputResampled, OutputCoverage, VoxelsRemoved,
    /// plus adapter keys (e.g. AfniMode, Cost, BufferVoxels). Safe to call concurrently: each run has its own folder.
    /// </remarks>
    public abstract class ExternalToolMethod : IDefaceMethod, IFileAwareDefaceMethod
    {
        private protected ExternalToolMethod(string method, ExternalToolOptions options)
        {
            Descriptor = ExternalToolCatalog.Find(method) ?? throw new ArgumentException($"Unknown external method '{method}'.", nameof(method));
            Options = (options ?? throw new ArgumentNullException(nameof(options))).Clone();
        }

        /// <inheritdoc />
        public string Name => Descriptor.Method;

        public ExternalToolDescriptor Descriptor { get; }

        /// <summary>The options this method was created with (a private copy).</summary>
        public ExternalToolOptions Options { get; }

        /// <summary>Runs the tool on a float32 NIfTI copy of <paramref name="volume"/> (no original file available).</summary>
        public DefaceMaskResult ComputeRemovalMask(Volume3D volume, CancellationToken cancellationToken) =>
            Run(null, volume ?? throw new ArgumentNullException(nameof(volume)), cancellationToken);

        /// <inheritdoc />
        public DefaceMaskResult ComputeRemovalMask(string originalPath, Volume3D firstVolume, CancellationToken cancellationToken) =>
            Run(originalPath ?? throw new ArgumentNullException(nameof(originalPath)), firstVolume ?? throw new ArgumentNullException(nameof(firstVolume)), cancellationToken);

        /// <summary>The adapter's command line and outputs for this workspace.</summary>
        private protected abstract ToolCommand BuildCommand(ToolWorkspace workspace, CancellationToken cancellationToken);

        private DefaceMaskResult Run(string? originalPath, Volume3D input, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var probe = ExternalToolCatalog.EnsureAvailable(Name, Options);
            var image = originalPath ?? "(volume)";
            var folder = CreateWorkFolder();
            try
            {
                var details = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["Method"] = Name,
                    ["Tool"] = Descriptor.Executable,
                    ["ToolPath"] = probe.ExecutablePath ?? "",
                };
                if (probe.Container != null)
                {
                    details["Container"] = probe.Container.ToString();
                }
                var inputPath = PrepareInput(originalPath, input, folder, details);
                var ws = new ToolWorkspace(folder, inputPath, input, probe);
                var cmd = BuildCommand(ws, ct);
                foreach (var kv in cmd.Details)
                {
                    details[kv.Key] = kv.Value;
                }

                var run = Launch(probe, ws, cmd, image, ct);
                details["CommandLine"] = run.CommandLine;
                details["ExitCode"] = run.ExitCode;
                details["ToolSeconds"] = Math.Round(run.Duration.TotalSeconds, 3);
                details["ToolOutput"] = run.TranscriptText();
                if (run.TimedOut)
                {
                    throw Fail(ExternalToolErrorKind.Timeout, image,
                        $"{Descriptor.Executable} ran longer than the timeout of {Options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s and was killed with its child processes", run);
                }
                if (run.ExitCode != 0)
                {
                    throw Fail(ExternalToolErrorKind.NonZeroExit, image, $"{Descriptor.Executable} exited with code {run.ExitCode}", run);
                }

                Mask3D remove;
                try
                {
                    remove = Interpret(cmd, input, details);
                }
                catch (ToolOutputProblem p)
                {
                    throw Fail(p.Kind, image, p.Message, run, p);
                }
                details["VoxelsRemoved"] = remove.Count();
                return new DefaceMaskResult(remove, cmd.Brain, details);
            }
            finally
            {
                if (!Options.KeepWorkFolder)
                {
                    TryDelete(folder);
                }
                else
                {
                    Log($"work folder kept: {folder}");
                }
            }
        }

        private ToolRunResult Launch(ToolProbeResult probe, ToolWorkspace ws, ToolCommand cmd, string image, CancellationToken ct)
        {
            var env = new ToolEnvironment(Options.EnvironmentOverrides);
            var toolVariables = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var kv in Descriptor.ToolVariables)
            {
                toolVariables[kv.Key] = kv.Value;
            }
            foreach (var kv in cmd.Environment)
            {
                toolVariables[kv.Key] = kv.Value;
            }

            string executable;
            IReadOnlyList<string> arguments;
            IDictionary<string, string?> childEnv;
            if (probe.Container != null)
            {
                executable = probe.RuntimePath!;
                arguments = probe.Container.Wrap(Descriptor.Executable, cmd.Arguments, ws.Folder, cmd.ReadOnlyFolders, toolVariables,
                    probe.Container.Kind == ContainerKind.Docker ? ToolEnvironment.UserAndGroup() : null);
                childEnv = env.ForChild(null, null);
            }
            else
            {
                executable = probe.ExecutablePath!;
                arguments = cmd.Arguments;
                childEnv = env.ForChild(toolVariables, Path.GetDirectoryName(executable));
            }

            var all = new List<string> { executable };
            all.AddRange(arguments);
            Log($"running on a private copy of {image}: {CommandLine.Join(all)}");
            try
            {
                return ProcessRunner.Run(executable, arguments, ws.Folder, childEnv, Options.Timeout, Options.OutputLine, ct);
            }
            catch (Win32Exception e)
            {
                throw new ExternalToolException(Name, Descriptor.Executable, ExternalToolErrorKind.StartFailed,
                    $"{image}: {Name} could not start {executable}: {e.Message}", image, Descriptor.HowToGet, inner: e);
            }
        }

        private Mask3D Interpret(ToolCommand cmd, Volume3D input, Dictionary<string, object> details)
        {
            string? outputPath = ToolOutputInterpreter.Resolve(cmd.OutputPath);
            foreach (var fallback in cmd.OutputFallbacks)
            {
                outputPath ??= ToolOutputInterpreter.Resolve(fallback);
            }
            if (outputPath == null)
            {
                throw new ToolOutputProblem(ExternalToolErrorKind.NoOutput, $"{Descriptor.Executable} exited with 0 but wrote no {Path.GetFileName(cmd.OutputPath)}");
            }
            details["ToolOutputFile"] = Path.GetFileName(outputPath);
            var defaced = ToolOutputInterpreter.ToInputGrid(ToolOutputInterpreter.Read(outputPath, "output"), input, "output");
            details["OutputResampled"] = defaced.Resampled;
            details["OutputCoverage"] = Math.Round(defaced.Coverage, 4);

            Mask3D remove;
            if (cmd.Rule == RemovalRule.FaceMask)
            {
                var maskPath = ToolOutputInterpreter.Resolve(cmd.FaceMaskPath!)
                    ?? throw new ToolOutputProblem(ExternalToolErrorKind.NoOutput, $"{Descriptor.Executable} exited with 0 but wrote no face mask {Path.GetFileName(cmd.FaceMaskPath!)}");
                var mask = ToolOutputInterpreter.ToInputGrid(ToolOutputInterpreter.Read(maskPath, "face mask"), input, "face mask");
                remove = ToolOutputInterpreter.FromFaceMask(input, mask, defaced);
                details["RemovalSource"] = "FaceMask:" + Path.GetFileName(maskPath);
            }
            else
            {
                // Attenuation compares intensities, which only makes sense when the tool kept the grid (and scale).
                bool attenuation = cmd.Rule == RemovalRule.AttenuatedVoxels && !defaced.Resampled;
                remove = ToolOutputInterpreter.FromDefaced(input, defaced, attenuation);
                details["RemovalSource"] = attenuation ? "AttenuatedVoxels" : "ZeroedVoxels";
            }
            ToolOutputInterpreter.CheckPlausible(input, remove);
            return remove;
        }

        /// <summary>
        /// Puts the tool's input in the work folder: a byte copy of a single-file 3D original (the tool sees its exact
        /// header and datatype), else volume 0 written as float32 (4D images, .hdr/.img pairs, no file).
        /// </summary>
        private string PrepareInput(string? originalPath, Volume3D input, string folder, Dictionary<string, object> details)
        {
            if (originalPath != null && IsCopyable(originalPath, input))
            {
                var target = Path.Combine(folder, Nifti.NiftiStreams.IsGzipFile(originalPath) ? "input.nii.gz" : "input.nii");
                File.Copy(originalPath, target);
                details["ToolInput"] = "byte copy of the original";
                return target;
            }
            var path = Path.Combine(folder, "input.nii.gz");
            WriteFloatVolume(input, path);
            details["ToolInput"] = originalPath == null ? "volume written as float32" : "volume 0 of the original written as float32";
            return path;
        }

        private static bool IsCopyable(string path, Volume3D input)
        {
            try
            {
                if (NiftiReader.IsPairPath(path))
                {
                    return false;
                }
                var h = NiftiReader.ReadHeader(path);
                return h.VolumeCount == 1 && h.Nx == input.Nx && h.Ny == input.Ny && h.Nz == input.Nz;
            }
            catch (Exception e) when (e is NiftiException || e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Writes a volume as float32 NIfTI with its affine (sform).</summary>
        internal static void WriteFloatVolume(Volume3D volume, string path)
        {
            var image = NiftiImage.Create(NiftiDataType.Float32, volume.Affine, volume.Nx, volume.Ny, volume.Nz);
            image.SetVolumeFromFloat(0, volume.Data);
            NiftiWriter.Write(image, path);
        }

        /// <summary>Writes a mask as uint8 NIfTI (0/1) with its affine (sform).</summary>
        internal static void WriteMask(Mask3D mask, string path)
        {
            var image = NiftiImage.Create(NiftiDataType.Uint8, mask.Affine, mask.Nx, mask.Ny, mask.Nz);
            for (int i = 0; i < mask.Length; i++)
            {
                image.RawData[i] = mask.Data[i] != 0 ? (byte)1 : (byte)0;
            }
            NiftiWriter.Write(image, path);
        }

        private string CreateWorkFolder()
        {
            var root = Options.TempRoot ?? Path.GetTempPath();
            var safe = new string(Array.ConvertAll(Descriptor.Executable.ToCharArray(), c => char.IsLetterOrDigit(c) ? c : '_'));
            var folder = Path.Combine(root, "defacer-" + safe.Trim('_') + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(folder);
            if (!ToolEnvironment.RestrictToOwner(folder))
            {
                Log($"could not make the work folder {folder} private (chmod 700); other accounts may be able to read it");
            }
            return Path.GetFullPath(folder);
        }

        private void TryDelete(string folder)
        {
            try
            {
                Directory.Delete(folder, true);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log($"could not delete the work folder {folder}: {e.Message}");
            }
        }

        private ExternalToolException Fail(ExternalToolErrorKind kind, string image, string problem, ToolRunResult run, Exception? inner = null)
        {
            var tail = run.Tail();
            var message = $"{image}: {Name} failed: {problem}. The original was not modified."
                + (tail.Length > 0 ? "\nLast tool output:\n" + tail : "");
            return new ExternalToolException(Name, Descriptor.Executable, kind, message, image, Descriptor.HowToGet,
                run.TimedOut ? (int?)null : run.ExitCode, run.TranscriptText(), inner);
        }

        private protected void Log(string message)
        {
            try
            {
                Options.OutputLine?.Invoke($"{Name}: {message}");
            }
            catch (Exception)
            {
                // Logging must never fail a run.
            }
        }

        /// <summary>Invariant formatting for numeric arguments.</summary>
        private protected static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
