using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// The external defacing tools Defacer can drive, how to find them, and whether they can run here. Probing only
    /// looks at files and variables; it never starts a program, so it is cheap enough to run before every job.
    /// </summary>
    public static class ExternalToolCatalog
    {
        /// <summary>The product's built-in methods (need no external software), in the order they are listed.</summary>
        public static IReadOnlyList<string> NativeMethods { get; } = new[] { "Quickshear", "FaceMask" };

        /// <summary>
        /// The native methods this build can actually run: those registered in <see cref="DefaceMethodRegistry.Default"/>
        /// (the product's natives first, then any others by name). Named in "missing tool" messages.
        /// </summary>
        public static IReadOnlyList<string> RunnableNativeMethods
        {
            get
            {
                var registry = DefaceMethodRegistry.Default;
                var names = NativeMethods.Where(registry.Contains).ToList();
                names.AddRange(registry.Names.Where(n => !names.Contains(n, StringComparer.OrdinalIgnoreCase) && Find(n) == null));
                return names;
            }
        }

        private static string NativeAlternativesText()
        {
            var names = RunnableNativeMethods;
            return names.Count == 0
                ? "No native method is registered in this build of the module."
                : $"Methods that work now without external software: {string.Join(", ", names)}.";
        }

        private static readonly Dictionary<string, string> s_nativeDescriptions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Quickshear"] = "Built-in Quickshear (Schimke & Hale): cut below the lower convex hull of the brain mask's sagittal profile.",
            ["FaceMask"] = "Built-in pydeface-style method: affine registration of a head template, its face mask applied.",
        };

        private const string ContainerHint = "or run it in a container with -Container docker://<image> or an apptainer .sif image";

        private static readonly IReadOnlyDictionary<string, string?> s_fslVariables = new Dictionary<string, string?> { ["FSLOUTPUTTYPE"] = "NIFTI_GZ" };

        /// <summary>Every external method, in the order Get-DefaceMethod lists them.</summary>
        public static IReadOnlyList<ExternalToolDescriptor> Tools { get; } = new[]
        {
            new ExternalToolDescriptor("MriDeface", "mri_deface",
                "FreeSurfer mri_deface: GCA atlas registration, face voxels zeroed.",
                "FreeSurfer (https://surfer.nmr.mgh.harvard.edu/fswiki/mri_deface): the mri_deface binary and the atlases talairach_mixed_with_skull.gca and face.gca (set FREESURFER_HOME, or give -ToolPath and -AtlasPath)",
                (o, s) => new MriDefaceMethod(o))
            {
                HomeFolders = new[] { ("FREESURFER_HOME", "bin") },
                Atlases = MriDefaceMethod.AtlasFiles,
                AtlasHome = ("FREESURFER_HOME", "average"),
            },
            new ExternalToolDescriptor("Pydeface", "pydeface",
                "pydeface: FSL FLIRT of a template, face mask multiplied in.",
                "pip install pydeface (https://github.com/poldracklab/pydeface); needs FSL with FSLDIR set and flirt on PATH",
                (o, s) => new PydefaceMethod(o, s.Cost))
            {
                RequiredVariables = new[] { ("FSLDIR", "pydeface runs FSL's flirt") },
                ToolVariables = s_fslVariables,
            },
            new ExternalToolDescriptor("QuickshearPython", "quickshear",
                "nipy quickshear (Python) fed with Defacer's brain mask.",
                "pip install quickshear (https://github.com/nipy/quickshear)",
                (o, s) => new QuickshearPythonMethod(o, s.BrainMaskProvider, s.QuickshearBufferMm)),
            new ExternalToolDescriptor("MriDefacer", "mridefacer",
                "mridefacer: FSL FLIRT of a template, face, teeth and ear mask applied.",
                "https://github.com/mih/mridefacer (the mridefacer script with its data folder); needs FSL with FSLDIR set",
                (o, s) => new MriDefacerMethod(o))
            {
                RequiredVariables = new[] { ("FSLDIR", "mridefacer runs FSL's bet and flirt") },
                ToolVariables = s_fslVariables,
            },
            new ExternalToolDescriptor("AfniRefacer", "@afni_refacer_run",
                "AFNI @afni_refacer_run: face and ears zeroed (deface) or replaced (reface, reface_plus).",
                "AFNI (https://afni.nimh.nih.gov/pub/dist/doc/htmldoc/background_install/main_toc.html): @afni_refacer_run is in the AFNI binaries folder",
                (o, s) => new AfniRefacerMethod(o, s.AfniMode))
            {
                HomeFolders = new[] { ("AFNI_HOME", ""), ("AFNI_HOME", "bin") },
                SiblingOf = new[] { "afni" },
            },
            new ExternalToolDescriptor("DeepDefacer", "deepdefacer",
                "deepdefacer: 3D U-Net keep-mask, face zeroed.",
                "pip install deepdefacer[tf_cpu] (https://pypi.org/project/deepdefacer/; Python 3.6 or earlier with TensorFlow 1.x)",
                (o, s) => new DeepDefacerMethod(o)),
            new ExternalToolDescriptor("FslDeface", "fsl_deface",
                "FSL fsl_deface (UK Biobank recipe): face and ears zeroed.",
                "FSL 6.0.1 or later (https://fsl.fmrib.ox.ac.uk/fsl/docs/#/install): fsl_deface in $FSLDIR/bin",
                (o, s) => new FslDefaceMethod(o))
            {
                HomeFolders = new[] { ("FSLDIR", "bin") },
                RequiredVariables = new[] { ("FSLDIR", "fsl_deface runs FSL's bet, flirt and fslmaths") },
                ToolVariables = s_fslVariables,
            },
            new ExternalToolDescriptor("Mideface", "mideface",
                "FreeSurfer mideface: head surface mapped from a template, face shell blanked.",
                "FreeSurfer 7.3 or later (https://surfer.nmr.mgh.harvard.edu/fswiki/MiDeFace): mideface in $FREESURFER_HOME/bin",
                (o, s) => new MidefaceMethod(o))
            {
                HomeFolders = new[] { ("FREESURFER_HOME", "bin") },
                RequiredVariables = new[] { ("FREESURFER_HOME", "mideface reads its atlas from $FREESURFER_HOME/average") },
            },
        };

        /// <summary>True for a built-in method name, listed or registered (case-insensitive).</summary>
        public static bool IsNative(string method) =>
            NativeMethods.Any(n => string.Equals(n, method, StringComparison.OrdinalIgnoreCase)) ||
            (Find(method) == null && DefaceMethodRegistry.Default.Contains(method));

        /// <summary>True for an external method name (case-insensitive).</summary>
        public static bool IsExternal(string method) => Find(method) != null;

        /// <summary>The descriptor of an external method, or null (case-insensitive).</summary>
        public static ExternalToolDescriptor? Find(string method) =>
            Tools.FirstOrDefault(t => string.Equals(t.Method, method, StringComparison.OrdinalIgnoreCase));

        /// <summary>Every method name, native first, as users type them.</summary>
        public static IReadOnlyList<string> AllMethodNames =>
            NativeMethods.Concat(RunnableNativeMethods).Distinct(StringComparer.OrdinalIgnoreCase).Concat(Tools.Select(t => t.Method)).ToList();

        /// <summary>Looks for the tool (or its container runtime), its environment and its atlases; starts nothing.</summary>
        /// <exception cref="ArgumentException">Not an external method name.</exception>
        public static ToolProbeResult Probe(string method, ExternalToolOptions? options = null)
        {
            var d = Find(method) ?? throw new ArgumentException($"'{method}' is not an external defacing method. External methods: {string.Join(", ", Tools.Select(t => t.Method))}.", nameof(method));
            options ??= new ExternalToolOptions();
            var env = new ToolEnvironment(options.EnvironmentOverrides);

            ContainerSpec? spec = null;
            string? containerProblem = null; // any options problem, reported as InvalidOptions
            if (!string.IsNullOrEmpty(options.Container))
            {
                try
                {
                    spec = ContainerSpec.Parse(options.Container!);
                }
                catch (ArgumentException e)
                {
                    containerProblem = e.Message;
                }
            }
            if (containerProblem == null && options.Timeout <= TimeSpan.Zero)
            {
                containerProblem = $"the timeout must be positive, got {options.Timeout}";
            }
            var result = new ToolProbeResult(d, spec);
            if (containerProblem != null)
            {
                result.Problems.Add((ExternalToolErrorKind.InvalidOptions, containerProblem));
                return result;
            }

            if (spec != null)
            {
                ProbeContainer(spec, options, env, result);
            }
            else
            {
                ProbeHost(d, options, env, result);
            }
            ProbeAtlases(d, options, env, result);
            return result;
        }

        /// <summary>
        /// Throws unless the method can run; call before touching any file. Returns what was found.
        /// </summary>
        /// <exception cref="ExternalToolException">The tool, its environment or an atlas is missing, or the options are invalid.
        /// The message names the tool, how to get it, and the native methods that work now.</exception>
        public static ToolProbeResult EnsureAvailable(string method, ExternalToolOptions? options = null)
        {
            var d = Find(method);
            if (d == null)
            {
                throw new ExternalToolException(method, method, ExternalToolErrorKind.InvalidOptions,
                    $"'{method}' is not an external defacing method. Methods: {string.Join(", ", AllMethodNames)}.");
            }
            var probe = Probe(method, options);
            if (probe.Available)
            {
                return probe;
            }
            var kind = probe.FirstProblem!.Value;
            var how = kind == ExternalToolErrorKind.InvalidOptions ? "" : $" Get it: {d.HowToGet}; {ContainerHint}.";
            var message = $"The {d.Method} method cannot run here: {probe.Reason}.{how} {NativeAlternativesText()}";
            throw new ExternalToolException(d.Method, d.Executable, kind, message, howToGet: d.HowToGet);
        }

        /// <summary>
        /// The <see cref="IDefaceMethod"/> for an external method (also <see cref="IFileAwareDefaceMethod"/>). It probes
        /// again on each image, so a tool removed mid-run fails that image cleanly.
        /// </summary>
        public static ExternalToolMethod Create(string method, ExternalToolOptions? options = null, ExternalMethodSettings? settings = null)
        {
            var d = Find(method) ?? throw new ArgumentException($"'{method}' is not an external defacing method.", nameof(method));
            return d.Factory(options ?? new ExternalToolOptions(), settings ?? new ExternalMethodSettings());
        }

        /// <summary>
        /// Every method: native ones (available when registered in <see cref="DefaceMethodRegistry.Default"/>), then
        /// external ones (probed with <paramref name="options"/>).
        /// </summary>
        public static IReadOnlyList<DefaceMethodInfo> ListMethods(ExternalToolOptions? options = null)
        {
            var list = new List<DefaceMethodInfo>();
            var registry = DefaceMethodRegistry.Default;
            foreach (var n in NativeMethods.Concat(RunnableNativeMethods).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                bool registered = registry.Contains(n);
                var described = registered ? registry.Describe(n) : "";
                var description = described.Length > 0 ? described : s_nativeDescriptions.TryGetValue(n, out var d) ? d : n;
                list.Add(new DefaceMethodInfo(n, "Native", registered, registered ? "" : "not registered in this build of the module", null, null, null, null, description));
            }
            foreach (var d in Tools)
            {
                var p = Probe(d.Method, options);
                list.Add(new DefaceMethodInfo(d.Method, "External", p.Available, p.Reason, d.Executable, p.LaunchPath, p.Container?.ToString(), d.HowToGet, d.Description));
            }
            return list;
        }

        private static void ProbeContainer(ContainerSpec spec, ExternalToolOptions options, ToolEnvironment env, ToolProbeResult result)
        {
            string? runtime = null;
            foreach (var name in spec.RuntimeNames)
            {
                runtime = FindInToolPath(options.ToolPath, name, env, allowFile: false) ?? env.FindOnPath(name);
                if (runtime != null)
                {
                    break;
                }
            }
            result.RuntimePath = runtime;
            result.ExecutablePath = result.Descriptor.Executable;
            if (runtime == null)
            {
                var names = string.Join(" or ", spec.RuntimeNames);
                var where = options.ToolPath != null ? $"in -ToolPath {options.ToolPath} or on PATH" : "on PATH";
                result.Problems.Add((ExternalToolErrorKind.ToolMissing, $"container runtime {names} not found {where}"));
            }
            if (spec.Kind == ContainerKind.Apptainer && !File.Exists(spec.Image))
            {
                result.Problems.Add((ExternalToolErrorKind.ToolMissing, $"apptainer image {spec.Image} not found"));
            }
        }

        private static void ProbeHost(ExternalToolDescriptor d, ExternalToolOptions options, ToolEnvironment env, ToolProbeResult result)
        {
            var searched = new List<string>();
            string? exe = null;
            if (options.ToolPath != null)
            {
                searched.Add($"in -ToolPath {options.ToolPath}");
                exe = FindInToolPath(options.ToolPath, d.Executable, env, allowFile: true);
            }
            if (exe == null)
            {
                searched.Add("on PATH");
                exe = env.FindOnPath(d.Executable);
            }
            foreach (var (variable, sub) in d.HomeFolders)
            {
                if (exe != null)
                {
                    break;
                }
                var where = sub.Length == 0 ? $"in {variable}" : $"under {variable}/{sub}";
                if (!searched.Contains(where))
                {
                    searched.Add(where);
                }
                var home = env.Get(variable);
                if (home != null)
                {
                    exe = env.FindIn(sub.Length == 0 ? home : Path.Combine(home, sub), d.Executable);
                }
            }
            foreach (var sibling in d.SiblingOf)
            {
                if (exe != null)
                {
                    break;
                }
                searched.Add($"next to {sibling}");
                var siblingPath = env.FindOnPath(sibling);
                if (siblingPath != null)
                {
                    exe = env.FindIn(Path.GetDirectoryName(siblingPath)!, d.Executable);
                }
            }
            result.ExecutablePath = exe;
            if (exe == null)
            {
                result.Problems.Add((ExternalToolErrorKind.ToolMissing, $"{d.Executable} not found {JoinOr(searched)}"));
            }
            foreach (var (variable, why) in d.RequiredVariables)
            {
                if (env.Get(variable) == null)
                {
                    result.Problems.Add((ExternalToolErrorKind.EnvironmentMissing, $"{variable} is not set ({why})"));
                }
            }
        }

        private static void ProbeAtlases(ExternalToolDescriptor d, ExternalToolOptions options, ToolEnvironment env, ToolProbeResult result)
        {
            if (d.Atlases.Count == 0)
            {
                return;
            }
            string? folder = null;
            string described;
            if (!string.IsNullOrEmpty(options.AtlasPath))
            {
                folder = Directory.Exists(options.AtlasPath) ? options.AtlasPath : Path.GetDirectoryName(options.AtlasPath);
                described = $"in -AtlasPath {options.AtlasPath}";
            }
            else if (d.AtlasHome is (string variable, string sub))
            {
                var home = env.Get(variable);
                folder = home == null ? null : Path.Combine(home, sub);
                described = home == null ? $"(no -AtlasPath, and {variable} is not set)" : $"under {variable}/{sub} ({folder})";
            }
            else
            {
                described = "(no -AtlasPath)";
            }
            var missing = d.Atlases.Where(a => folder == null || !File.Exists(Path.Combine(folder, a))).ToList();
            if (missing.Count > 0)
            {
                var noun = missing.Count == 1 ? "atlas" : "atlases";
                result.Problems.Add((ExternalToolErrorKind.AtlasMissing, $"{noun} {string.Join(", ", missing)} missing {described}"));
            }
            else
            {
                result.AtlasFolder = Path.GetFullPath(folder!);
            }
        }

        private static string? FindInToolPath(string? toolPath, string name, ToolEnvironment env, bool allowFile)
        {
            if (string.IsNullOrEmpty(toolPath))
            {
                return null;
            }
            if (Directory.Exists(toolPath))
            {
                return env.FindIn(toolPath!, name);
            }
            if (allowFile && ToolEnvironment.IsExecutableFile(toolPath!))
            {
                return Path.GetFullPath(toolPath!);
            }
            return null;
        }

        private static string JoinOr(IList<string> parts)
        {
            if (parts.Count <= 1)
            {
                return parts.Count == 0 ? "" : parts[0];
            }
            return string.Join(", ", parts.Take(parts.Count - 1)) + " or " + parts[parts.Count - 1];
        }
    }
}
