using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// A container a tool runs in, and how its command line is wrapped. Only the private work folder (read-write)
    /// and the atlas folders (read-only) are mounted, each at the same path as on the host, so every path in the
    /// tool's arguments means the same thing inside and outside.
    /// </summary>
    public sealed class ContainerSpec
    {
        private ContainerSpec(ContainerKind kind, string image)
        {
            Kind = kind;
            Image = image;
        }

        public ContainerKind Kind { get; }

        /// <summary>Docker image reference (without docker://) or the apptainer image file's full path.</summary>
        public string Image { get; }

        /// <summary>Executables that can start this kind of container, in order of preference.</summary>
        public IReadOnlyList<string> RuntimeNames => Kind == ContainerKind.Docker ? new[] { "docker" } : new[] { "apptainer", "singularity" };

        /// <summary>
        /// Parses <c>docker://image[:tag]</c> or the path of an apptainer image (<c>.sif</c>/<c>.simg</c>, or
        /// <c>apptainer://path</c>). Relative image paths are taken against <paramref name="baseDirectory"/>.
        /// </summary>
        /// <exception cref="ArgumentException">Neither form.</exception>
        public static ContainerSpec Parse(string container, string? baseDirectory = null)
        {
            if (string.IsNullOrWhiteSpace(container))
            {
                throw new ArgumentException("The container is empty.", nameof(container));
            }
            const string docker = "docker://";
            if (container.StartsWith(docker, StringComparison.OrdinalIgnoreCase))
            {
                var image = container.Substring(docker.Length);
                if (image.Length == 0 || image.Any(char.IsWhiteSpace))
                {
                    throw new ArgumentException($"'{container}' names no docker image.", nameof(container));
                }
                return new ContainerSpec(ContainerKind.Docker, image);
            }
            var path = container;
            foreach (var scheme in new[] { "apptainer://", "singularity://" })
            {
                if (path.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                {
                    path = path.Substring(scheme.Length);
                }
            }
            bool looksLikeImage = path != container ||
                path.EndsWith(".sif", StringComparison.OrdinalIgnoreCase) ||
                path.EndsWith(".simg", StringComparison.OrdinalIgnoreCase);
            if (!looksLikeImage)
            {
                throw new ArgumentException(
                    $"'{container}' is neither docker://image[:tag] nor an apptainer image file (.sif).", nameof(container));
            }
            var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), path));
            return new ContainerSpec(ContainerKind.Apptainer, full);
        }

        /// <summary>
        /// The runtime's argument vector that runs <paramref name="tool"/> <paramref name="toolArguments"/> in the
        /// container, with <paramref name="workFolder"/> mounted read-write (and the working directory),
        /// <paramref name="readOnlyFolders"/> mounted read-only, and <paramref name="environment"/> set inside.
        /// </summary>
        public IReadOnlyList<string> Wrap(
            string tool,
            IReadOnlyList<string> toolArguments,
            string workFolder,
            IEnumerable<string> readOnlyFolders,
            IEnumerable<KeyValuePair<string, string?>> environment,
            string? userAndGroup)
        {
            var args = new List<string>();
            var env = environment.Where(kv => kv.Value != null).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            var ro = readOnlyFolders.Distinct(StringComparer.Ordinal).ToList();
            if (Kind == ContainerKind.Docker)
            {
                args.Add("run");
                args.Add("--rm");
                if (userAndGroup != null)
                {
                    // Without it the tool writes root-owned files into our work folder, which we then cannot delete.
                    args.Add("--user");
                    args.Add(userAndGroup);
                }
                args.Add("-v");
                args.Add(workFolder + ":" + workFolder);
                foreach (var folder in ro)
                {
                    args.Add("-v");
                    args.Add(folder + ":" + folder + ":ro");
                }
                args.Add("-w");
                args.Add(workFolder);
                foreach (var kv in env)
                {
                    args.Add("-e");
                    args.Add(kv.Key + "=" + kv.Value);
                }
            }
            else
            {
                args.Add("exec");
                // The host's PATH, FREESURFER_HOME... must not leak into the image's own setup.
                args.Add("--cleanenv");
                args.Add("--bind");
                args.Add(workFolder + ":" + workFolder);
                foreach (var folder in ro)
                {
                    args.Add("--bind");
                    args.Add(folder + ":" + folder + ":ro");
                }
                args.Add("--pwd");
                args.Add(workFolder);
                foreach (var kv in env)
                {
                    args.Add("--env");
                    args.Add(kv.Key + "=" + kv.Value);
                }
            }
            args.Add(Image);
            args.Add(tool);
            args.AddRange(toolArguments);
            return args;
        }

        public override string ToString() => Kind == ContainerKind.Docker ? "docker://" + Image : Image;
    }
}
