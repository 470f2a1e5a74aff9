using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Defacer.Engine.Bids;
using Defacer.Engine.Deface;
using Defacer.Engine.Deface.External;
using Defacer.Engine.Nifti;
using Defacer.Engine.Safety;

namespace Defacer.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes the face from anatomical MRI images, keeping every brain voxel and a verified backup of each original.</para>
    /// <para type="description">Takes subjects or images from Get-BidsSubject / Get-BidsImage, or NIfTI files through -Path.
    /// By default it defaces the T1w images of each subject (-Suffix adds T2w, FLAIR, PDw and others) in place: the
    /// original's content is copied to sourcedata/defacer/ under the same relative path and verified by SHA-256, then
    /// the defaced image is written to a temporary file and renamed over the original (a git-annex symlink is replaced,
    /// never written through; a replaced file keeps the original's permissions, so a read-only image stays read-only).
    /// An existing backup is never overwritten. With -OutputPath the defaced copies go to
    /// another folder and the dataset is left untouched. Only the bytes of removed voxels change; the header and every
    /// other voxel stay bit-identical. Each image's own sidecar JSON is marked ("Defaced": true and BIDS
    /// DeidentificationMethod) so that a second run skips it unless -Force is given, and a provenance record is written
    /// under sourcedata/defacer/. Images whose git-annex content is absent are reported (run 'datalad get' first).
    /// sourcedata/defacer/ holds the identifying originals: never share it. Images are gathered first, then processed
    /// (-ThrottleLimit at a time) with a progress bar; results come out in input order.</para>
    /// </summary>
    /// <example><code>Get-BidsSubject ./ds | Invoke-Deface</code><para>Defaces every T1w image of the dataset in place.</para></example>
    /// <example><code>Get-BidsSubject ./ds -Subject 01 | Invoke-Deface -Suffix T2w, FLAIR -Fill Noise -SaveMask</code><para>Also defaces T2w and FLAIR images, fills the face with background noise and writes _defacemask images.</para></example>
    /// <example><code>Invoke-Deface -Path ./t1.nii.gz -OutputPath ./defaced</code><para>Writes a defaced copy of a loose file.</para></example>
    [Cmdlet(VerbsLifecycle.Invoke, "Deface", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DefaceResult))]
    public sealed class InvokeDefaceCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputObjectSet = "InputObject";
        private const int ProgressActivityId = 0x0DEF;

        private readonly List<WorkItem> _items = new List<WorkItem>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _toolOutput = new System.Collections.Concurrent.ConcurrentQueue<string>();
        private int _annexReplaced;
        private readonly Dictionary<string, BidsDataset> _datasets = new Dictionary<string, BidsDataset>(StringComparer.Ordinal);
        private DefacePipeline? _pipeline;
        private HashSet<string>? _suffixes;

        #region Parameters

        /// <summary>Subjects (from Get-BidsSubject) or images (from Get-BidsImage) to deface.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object[]? InputObject { get; set; }

        /// <summary>NIfTI files (.nii, .nii.gz); wildcards allowed. A file inside a BIDS dataset is defaced in place with a backup; a loose file needs -OutputPath.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>NIfTI files, used exactly as typed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>The defacing method (tab completion lists them; Get-DefaceMethod shows which can run): the native Quickshear (default) or FaceMask, or an external tool such as Pydeface or MriDeface.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(DefaceMethodCompleter))]
        [ValidateNotNullOrEmpty]
        public string Method { get; set; } = "Quickshear";

        /// <summary>Image suffixes to deface for subject and image input (default T1w), e.g. -Suffix T1w, T2w, FLAIR. Files given by -Path are defaced whatever their name.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(BidsArgumentCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Suffix { get; set; } = { "T1w" };

        /// <summary>Folder that receives defaced copies (mirroring each image's path in its dataset) and their provenance; the dataset is left untouched.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputPath { get; set; }

        /// <summary>What removed voxels become: Zero (default), Noise (matched to the image background, reproducible) or Blur (heavy Gaussian, -BlurFwhm mm).</summary>
        [Parameter]
        public FaceFill Fill { get; set; } = FaceFill.Zero;

        /// <summary>Full width at half maximum, in mm, of the Blur fill (default 20).</summary>
        [Parameter]
        [ValidateRange(1.0, 200.0)]
        public double BlurFwhm { get; set; } = RemovedVoxelFill.DefaultBlurFwhmMm;

        /// <summary>Also write the removed region as a BIDS _defacemask image next to each defaced image.</summary>
        [Parameter]
        public SwitchParameter SaveMask { get; set; }

        /// <summary>Deface images already marked as defaced, and replace existing defaced copies in -OutputPath.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Head template image for registration methods (FaceMask); default: the cached default template.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Template { get; set; }

        /// <summary>Face mask on the template's grid for registration methods (FaceMask).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FaceMask { get; set; }

        /// <summary>A brain mask on the image's grid to use instead of skull-stripping (Quickshear).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BrainMask { get; set; }

        /// <summary>External methods: the tool's executable or its folder, when it is not found on PATH or through its home variable.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ToolPath { get; set; }

        /// <summary>External methods: run the tool in a container (docker://image or an apptainer .sif file).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Container { get; set; }

        /// <summary>External methods: the folder holding the tool's atlases (MriDeface).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AtlasPath { get; set; }

        /// <summary>External methods: seconds a tool may run on one image before it is stopped and that image fails (default 3600).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int ToolTimeout { get; set; } = 3600;

        /// <summary>Pydeface: the FLIRT cost function (--cost), e.g. mutualinfo (pydeface's default) or corratio.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Cost { get; set; }

        /// <summary>AfniRefacer: Deface (zero the face; default), Reface or RefacePlus (AFNI's face region; Defacer's own fill is applied).</summary>
        [Parameter]
        public AfniRefacerMode AfniMode { get; set; } = AfniRefacerMode.Deface;

        /// <summary>For non-T1w images (T2w, FLAIR...): use the face mask of the T1w of the same subject and session (matched by acq and run entities, never by position), carried over by rigid registration.</summary>
        [Parameter]
        public SwitchParameter UseT1wMask { get; set; }

        /// <summary>How many images are processed at once (default 1; each 1 mm head needs a few hundred MB).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        #endregion

        #region Method overrides

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            var registry = DefaceMethodRegistry.Default;
            bool external = !registry.Contains(Method) && ExternalToolCatalog.IsExternal(Method);
            if (!registry.Contains(Method) && !external)
            {
                var known = registry.Names.Concat(ExternalToolCatalog.AllMethodNames).Distinct(StringComparer.OrdinalIgnoreCase);
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"Unknown defacing method '{Method}'. Known methods: {string.Join(", ", known)}."),
                    "UnknownMethod", ErrorCategory.InvalidArgument, Method));
            }
            var parameters = new DefaceMethodParameters
            {
                Template = ResolveOptionalFile(Template, nameof(Template)),
                FaceMask = ResolveOptionalFile(FaceMask, nameof(FaceMask)),
                BrainMask = ResolveOptionalFile(BrainMask, nameof(BrainMask)),
            };
            IDefaceMethod method;
            try
            {
                method = external ? CreateExternal(parameters) : registry.Create(Method, parameters);
            }
            catch (ExternalToolException ex)
            {
                // Missing tool, environment or atlas: nothing can be defaced with this method, so stop before any file.
                ThrowTerminatingError(ExternalToolErrors.ToErrorRecord(ex, Method));
                return;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                // Bad template files, a failed template download, bad -BrainMask...: the method cannot be built.
                ThrowTerminatingError(new ErrorRecord(ex, "MethodNotAvailable", ErrorCategory.InvalidArgument, Method));
                return;
            }
            var options = new DefaceOptions
            {
                Fill = Fill,
                BlurFwhmMm = BlurFwhm,
                SaveMask = SaveMask,
                Force = Force,
                OutputRoot = OutputPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputPath),
                ModuleVersion = Commands.ModuleVersion.Current,
                MethodParameters = parameters.ToDictionary(),
            };
            _pipeline = new DefacePipeline(method, options);
            _suffixes = new HashSet<string>(Suffix, StringComparer.Ordinal);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    foreach (var o in InputObject!)
                    {
                        AddInput(o is PSObject pso ? pso.BaseObject : o);
                    }
                    break;
                default:
                    bool literal = ParameterSetName == LiteralPathSet;
                    AddFiles((literal ? LiteralPath : Path)!, literal);
                    break;
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            // -WhatIf and -Confirm are answered here, on the pipeline thread, before any work starts.
            var accepted = _items.Where(i => ShouldProcess(i.Target.ImagePath, Target(i))).ToList();
            if (accepted.Count == 0)
            {
                return;
            }
            var token = _cancel.Token;
            var gate = new SemaphoreSlim(ThrottleLimit);
            var tasks = new Task<Outcome>[accepted.Count];
            var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < accepted.Count; i++)
            {
                byPath[accepted[i].Target.ImagePath] = i;
            }
            var progress = new ProgressRecord(ProgressActivityId, "Invoke-Deface", "Starting") { PercentComplete = 0 };
            try
            {
                // Images that borrow a T1w's mask start after every T1w task exists, so they can wait for theirs.
                foreach (int index in Enumerable.Range(0, accepted.Count).OrderBy(i => accepted[i].PairedT1w == null ? 0 : 1))
                {
                    var item = accepted[index];
                    // An image that borrows a T1w's mask waits until that T1w (if it is in this run) is done, so it
                    // reads a settled file: the original, or the verified backup of the original.
                    Task? before = item.PairedT1w != null && byPath.TryGetValue(item.PairedT1w, out var j) ? tasks[j] : null;
                    tasks[index] = Task.Run(async () =>
                    {
                        if (before != null)
                        {
                            await before.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                        }
                        await gate.WaitAsync(token).ConfigureAwait(false);
                        try
                        {
                            return Run(item, token);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }, token);
                }

                // Results are written in input order on this thread; progress is refreshed while waiting.
                for (int i = 0; i < tasks.Length; i++)
                {
                    while (!WaitQuietly(tasks[i], 250))
                    {
                        WriteToolOutput();
                        UpdateProgress(progress, tasks, accepted, i);
                    }
                    WriteToolOutput();
                    UpdateProgress(progress, tasks, accepted, i + 1);
                    Emit(accepted[i], tasks[i]);
                }
                if (_annexReplaced > 0)
                {
                    WriteWarning($"{_annexReplaced} image(s) were git-annex symlinks and are now regular files (the annex objects are untouched). Run 'datalad save' (or 'git annex add') to record the defaced content.");
                }
            }
            finally
            {
                // Stopping (Ctrl+C) or a pipeline error: cancel the rest and wait, so that every image is either done or
                // untouched and no temporary file outlives this command.
                _cancel.Cancel();
                try
                {
                    Task.WaitAll(tasks.Where(t => t != null).ToArray<Task>());
                }
                catch (AggregateException)
                {
                    // Outcomes of cancelled or failed images were already reported or are moot after a stop.
                }
                progress.RecordType = ProgressRecordType.Completed;
                progress.PercentComplete = 100;
                WriteProgress(progress);
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _cancel.Cancel();

        private void WriteToolOutput()
        {
            while (_toolOutput.TryDequeue(out var line))
            {
                WriteVerbose(line);
            }
        }

        #endregion

        private Outcome Run(WorkItem item, CancellationToken token)
        {
            try
            {
                var pipeline = item.PairedT1w == null
                    ? _pipeline!
                    : new DefacePipeline(new T1wMaskTransferMethod(_pipeline!.Method, item.PairedT1w, item.Target.DatasetRoot), _pipeline.Options);
                return new Outcome(pipeline.Run(item.Target, token), null);
            }
            catch (Exception ex)
            {
                // Every failure is reported per image on the pipeline thread; the other images go on.
                return new Outcome(null, ex);
            }
        }

        private void Emit(WorkItem item, Task<Outcome> task)
        {
            if (task.IsCanceled || task.IsFaulted)
            {
                return;
            }
            var outcome = task.Result;
            if (outcome.Error != null)
            {
                if (outcome.Error is OperationCanceledException)
                {
                    return;
                }
                WriteError(ToErrorRecord(outcome.Error, item.Target.ImagePath));
                return;
            }
            var result = outcome.Result!;
            if (item.WasAnnexSymlink && result.Status == DefaceStatus.Defaced && result.BackupPath != null)
            {
                _annexReplaced++;
            }
            if (result.Status == DefaceStatus.AlreadyDefaced)
            {
                WriteWarning($"'{item.Target.RelativePath}' is already marked as defaced in '{result.SidecarPath}'; skipped (use -Force to deface it again).");
            }
            else if (result.BackupPath != null)
            {
                WriteVerbose($"'{item.Target.RelativePath}': original backed up to '{result.BackupPath}' (verified); defaced in {result.Seconds:0.00} s.");
            }
            WriteObject(result);
        }

        // Task.Wait throws for a cancelled task; here only completion matters, the outcome is read by Emit.
        private static bool WaitQuietly(Task task, int milliseconds)
        {
            try
            {
                return task.Wait(milliseconds);
            }
            catch (AggregateException)
            {
                return true;
            }
        }

        private void UpdateProgress(ProgressRecord progress, Task<Outcome>[] tasks, List<WorkItem> items, int next)
        {
            int done = tasks.Count(t => t.IsCompleted);
            progress.PercentComplete = (int)(100L * done / tasks.Length);
            progress.StatusDescription = next < items.Count
                ? $"{done} of {tasks.Length} images done; waiting for {items[next].Target.RelativePath}"
                : $"{done} of {tasks.Length} images done";
            WriteProgress(progress);
        }

        private void AddInput(object o)
        {
            switch (o)
            {
                case BidsSubject subject:
                    foreach (var image in subject.Images)
                    {
                        AddImage(image);
                    }
                    break;
                case BidsImage image:
                    AddImage(image);
                    break;
                case FileInfo file:
                    AddLiteralFile(file.FullName);
                    break;
                case string s:
                    AddFiles(new[] { s }, literal: false);
                    break;
                default:
                    WriteError(new ErrorRecord(new ArgumentException($"Invoke-Deface takes BidsSubject or BidsImage objects, not {o.GetType().FullName}."),
                        "InvalidInputObject", ErrorCategory.InvalidType, o));
                    break;
            }
        }

        private void AddImage(BidsImage image, bool filterSuffix = true)
        {
            if (image.IsDefaceMask)
            {
                WriteVerbose($"'{image.RelativePath}' is a defacemask, never defaced.");
                return;
            }
            if (filterSuffix && !_suffixes!.Contains(image.Suffix))
            {
                WriteVerbose($"'{image.RelativePath}' has suffix {image.Suffix}, not in -Suffix {string.Join(", ", Suffix)}; skipped.");
                return;
            }
            if (image.IsContentAbsent)
            {
                WriteError(ToErrorRecord(new DefaceException(DefaceErrorKind.ImageContentAbsent, image.Path,
                    $"The image '{image.Path}' has no content here (a git-annex/DataLad file that was not fetched). Run `datalad get \"{image.Path}\"` first."), image.Path));
                return;
            }
            // The image's own sidecar (same name, .json), never an inherited one: marking a dataset-level T1w.json
            // would mark every T1w of the dataset as defaced.
            string? pairedT1w = null;
            if (UseT1wMask && image.Suffix != "T1w")
            {
                try
                {
                    pairedT1w = T1wPairing.Find(image, image.Dataset.Images).Path;
                    WriteVerbose($"'{image.RelativePath}' takes the face mask of '{pairedT1w}'.");
                }
                catch (DefaceException ex)
                {
                    WriteError(ToErrorRecord(ex, image.Path));
                    return;
                }
            }
            Add(new DefaceTarget(image.Path, image.DatasetRoot), pairedT1w);
        }

        private void AddFiles(IEnumerable<string> paths, bool literal)
        {
            var resolver = new CmdletPathResolver(this, new PathErrorIds("PathNotFound", "NotFileSystemPath", "InvalidPath"));
            foreach (var file in resolver.Resolve(paths, literal))
            {
                AddLiteralFile(file);
            }
        }

        private void AddLiteralFile(string file)
        {
            if (!File.Exists(file) && !PathSafety.IsSymlink(file))
            {
                WriteError(new ErrorRecord(new FileNotFoundException($"'{file}' does not exist.", file), "PathNotFound", ErrorCategory.ObjectNotFound, file));
                return;
            }
            if (!DefacePipeline.IsSupportedFileName(file))
            {
                WriteError(ToErrorRecord(new DefaceException(DefaceErrorKind.UnsupportedImage, file, $"'{file}' is not a .nii or .nii.gz file."), file));
                return;
            }
            var root = DefaceTarget.FindDatasetRoot(file);
            if (UseT1wMask && root != null)
            {
                // Pairing needs the file's entities and its session's T1w images: list its dataset (once per dataset).
                var image = DatasetOf(root)?.Images.FirstOrDefault(i => string.Equals(i.Path, System.IO.Path.GetFullPath(file), StringComparison.Ordinal));
                if (image != null)
                {
                    AddImage(image, filterSuffix: false);
                    return;
                }
            }
            Add(new DefaceTarget(file, root), null);
        }

        private BidsDataset? DatasetOf(string root)
        {
            if (!_datasets.TryGetValue(root, out var dataset))
            {
                try
                {
                    dataset = BidsDataset.Open(root);
                }
                catch (Exception ex) when (ex is BidsException || ex is IOException || ex is UnauthorizedAccessException)
                {
                    WriteWarning($"Cannot list the dataset '{root}' to pair images with their T1w: {ex.Message}");
                    return null;
                }
                _datasets[root] = dataset;
            }
            return dataset;
        }

        private void Add(DefaceTarget target, string? pairedT1w)
        {
            // A subject and its image both piped, or a path given twice: deface once.
            if (_seen.Add(target.ImagePath))
            {
                _items.Add(new WorkItem(target, pairedT1w));
            }
        }

        private string Target(WorkItem item)
        {
            var method = item.PairedT1w == null ? _pipeline!.Method.Name : $"the {_pipeline!.Method.Name} mask of '{System.IO.Path.GetFileName(item.PairedT1w)}'";
            return _pipeline.Options.OutputRoot == null
                ? $"Deface in place with {method} (original backed up to sourcedata/{_pipeline.Options.ToolFolder})"
                : $"Write defaced copy to '{_pipeline.GetOutputPath(item.Target)}' with {method}";
        }

        private string? ResolveOptionalFile(string? path, string parameterName)
        {
            if (path == null)
            {
                return null;
            }
            var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(full))
            {
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"-{parameterName}: '{full}' does not exist.", full),
                    parameterName + "NotFound", ErrorCategory.ObjectNotFound, full));
            }
            return full;
        }

        private IDefaceMethod CreateExternal(DefaceMethodParameters parameters)
        {
            var options = new ExternalToolOptions
            {
                ToolPath = ToolPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ToolPath),
                Container = Container,
                AtlasPath = AtlasPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(AtlasPath),
                Timeout = TimeSpan.FromSeconds(ToolTimeout),
                // Tool output arrives on reader threads; it is queued and written to -Verbose on the pipeline thread.
                OutputLine = line => _toolOutput.Enqueue(Method + ": " + line),
            };
            ExternalToolCatalog.EnsureAvailable(Method, options);
            if (ToolPath != null) parameters.Extra["ToolPath"] = options.ToolPath!;
            if (Container != null) parameters.Extra["Container"] = Container;
            if (AtlasPath != null) parameters.Extra["AtlasPath"] = options.AtlasPath!;
            var settings = new ExternalMethodSettings
            {
                BrainMaskProvider = DefaceMethodRegistry.BrainMaskProvider(parameters.BrainMask),
                Cost = Cost,
                AfniMode = AfniMode,
            };
            return ExternalToolCatalog.Create(Method, options, settings);
        }

        /// <summary>Maps an engine failure to an ErrorRecord with a stable id, an honest category and the path as target.</summary>
        internal static ErrorRecord ToErrorRecord(Exception ex, string path)
        {
            switch (ex)
            {
                case DefaceException d:
                    switch (d.Kind)
                    {
                        case DefaceErrorKind.ImageContentAbsent: return Record(ex, "ImageContentAbsent", ErrorCategory.ResourceUnavailable, d.FilePath);
                        case DefaceErrorKind.UnsupportedImage: return Record(ex, "UnsupportedImage", ErrorCategory.InvalidData, d.FilePath);
                        case DefaceErrorKind.OutputPathRequired: return Record(ex, "OutputPathRequired", ErrorCategory.InvalidArgument, d.FilePath);
                        case DefaceErrorKind.MethodFailed: return Record(ex, "MethodFailed", ErrorCategory.InvalidResult, d.FilePath);
                        case DefaceErrorKind.SidecarInvalid: return Record(ex, "SidecarInvalid", ErrorCategory.InvalidData, d.FilePath);
                        case DefaceErrorKind.OutputExists: return Record(ex, "OutputExists", ErrorCategory.ResourceExists, d.FilePath);
                        case DefaceErrorKind.T1wPairingFailed: return Record(ex, "T1wPairingFailed", ErrorCategory.ObjectNotFound, d.FilePath);
                    }
                    break;
                case SafetyException s:
                    switch (s.Kind)
                    {
                        case SafetyErrorKind.BackupConflict: return Record(ex, "BackupConflict", ErrorCategory.ResourceExists, path);
                        case SafetyErrorKind.BackupVerificationFailed: return Record(ex, "BackupVerificationFailed", ErrorCategory.WriteError, path);
                        case SafetyErrorKind.ContentNotPresent: return Record(ex, "ImageContentAbsent", ErrorCategory.ResourceUnavailable, path);
                        case SafetyErrorKind.FolderNotWritable: return Record(ex, "FolderNotWritable", ErrorCategory.PermissionDenied, path);
                        default: return Record(ex, "WriteFailed", ErrorCategory.WriteError, path);
                    }
                case ExternalToolException t:
                    return ExternalToolErrors.ToErrorRecord(t, path);
                case NiftiException n:
                    return Record(ex, "InvalidNifti", ErrorCategory.InvalidData, n.FilePath);
                case UnauthorizedAccessException _:
                    return Record(ex, "PermissionDenied", ErrorCategory.PermissionDenied, path);
                case IOException _:
                    return Record(ex, "DefaceFailed", ErrorCategory.WriteError, path);
            }
            return Record(ex, "DefaceFailed", ErrorCategory.NotSpecified, path);
        }

        private static ErrorRecord Record(Exception ex, string id, ErrorCategory category, string target) => new ErrorRecord(ex, id, category, target);

        private sealed class WorkItem
        {
            public WorkItem(DefaceTarget target, string? pairedT1w)
            {
                Target = target;
                PairedT1w = pairedT1w;
                WasAnnexSymlink = PathSafety.IsAnnexSymlink(target.ImagePath);
            }

            /// <summary>The image was a git-annex symlink before this run (it becomes a regular file in place).</summary>
            public bool WasAnnexSymlink { get; }

            public DefaceTarget Target { get; }

            /// <summary>The T1w whose mask this image reuses (-UseT1wMask), or null.</summary>
            public string? PairedT1w { get; }
        }

        private sealed class Outcome
        {
            public Outcome(DefaceResult? result, Exception? error)
            {
                Result = result;
                Error = error;
            }

            public DefaceResult? Result { get; }

            public Exception? Error { get; }
        }
    }
}
