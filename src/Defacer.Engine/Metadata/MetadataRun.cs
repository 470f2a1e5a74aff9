using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Nifti;
using Defacer.Engine.Safety;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// One metadata run over one dataset: <see cref="Plan"/> reads every JSON, TSV and NIfTI file and works out the new
    /// content in memory (nothing is written, so -WhatIf and the audit use it as is); <see cref="Apply"/> then writes one
    /// planned file: private stores first (date offsets, device pseudonyms), a verified backup of the original under
    /// <c>sourcedata/defacer/</c>, then an atomic replace. A file is either fully replaced or untouched.
    /// </summary>
    public sealed class MetadataRun
    {
        private readonly KeyPolicy _policy;
        private readonly List<MetadataFinding> _datasetFindings = new List<MetadataFinding>();
        private readonly Dictionary<string, Exception> _subjectErrors = new Dictionary<string, Exception>(StringComparer.Ordinal);
        private DateShiftStore? _shifts;
        private DevicePseudonyms? _devices;
        private ISet<string> _imageSuffixes = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Creates a run; throws <see cref="MetadataDatasetException"/> when the folder is not a BIDS dataset.</summary>
        public MetadataRun(string datasetRoot, MetadataOptions options)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
            DatasetRoot = Path.GetFullPath(datasetRoot).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (!Directory.Exists(DatasetRoot))
            {
                throw new MetadataDatasetException(DatasetRoot, $"The dataset folder '{DatasetRoot}' does not exist.");
            }
            if (!File.Exists(Path.Combine(DatasetRoot, "dataset_description.json")))
            {
                throw new MetadataDatasetException(DatasetRoot, $"'{DatasetRoot}' is not a BIDS dataset: it has no dataset_description.json.");
            }
            _policy = new KeyPolicy(options);
            Backups = new BackupStore(DatasetRoot);
        }

        /// <summary>Full path of the dataset.</summary>
        public string DatasetRoot { get; }

        /// <summary>The run's options.</summary>
        public MetadataOptions Options { get; }

        /// <summary>Where originals are backed up.</summary>
        public BackupStore Backups { get; }

        /// <summary>Dataset-level findings (list E: folders, labels, gzip headers), filled by <see cref="Plan"/>.</summary>
        public IReadOnlyList<MetadataFinding> DatasetFindings => _datasetFindings;

        /// <summary>
        /// Plans every metadata file of the dataset in a stable order. With <paramref name="buildContent"/> false only
        /// findings are produced (the audit); with true the new content is computed too (in memory). Files that cannot
        /// be processed come back with <see cref="MetadataFilePlan.Error"/> set; others without findings are skipped.
        /// </summary>
        public IEnumerable<MetadataFilePlan> Plan(bool buildContent, CancellationToken cancellationToken = default)
        {
            var files = DatasetWalker.Enumerate(DatasetRoot, Options.IncludeDerivatives, cancellationToken).ToList();
            _datasetFindings.Clear();
            _datasetFindings.AddRange(DatasetChecks.Folders(DatasetRoot));
            _datasetFindings.AddRange(DatasetChecks.Labels(DatasetRoot, files));
            _imageSuffixes = DeidentificationRecord.ImageSuffixes(files);

            if (buildContent)
            {
                PrepareStores(files, cancellationToken);
            }

            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (file.Name.EndsWith(".gz", StringComparison.Ordinal) && file.Kind != MetadataFileKind.Nifti)
                {
                    var gz = TryGzipFinding(file, MetadataAction.Report);
                    if (gz != null) _datasetFindings.Add(gz);
                }
                MetadataFilePlan? plan;
                switch (file.Kind)
                {
                    case MetadataFileKind.Json:
                        plan = PlanJson(file, buildContent);
                        break;
                    case MetadataFileKind.Table:
                        plan = PlanTable(file, buildContent);
                        break;
                    case MetadataFileKind.Nifti:
                        plan = PlanNifti(file, buildContent);
                        break;
                    default:
                        plan = null;
                        break;
                }
                if (plan != null && (plan.Error != null || plan.Findings.Count > 0))
                {
                    yield return plan;
                }
            }
        }

        /// <summary>
        /// Writes one planned change durably: see <see cref="ApplyBatch"/>. Throws the file's error
        /// (<see cref="SafetyException"/> when a safety step refuses).
        /// </summary>
        public MetadataChange Apply(MetadataFilePlan plan, CancellationToken cancellationToken = default)
        {
            Exception? error = null;
            var changes = ApplyBatch(new[] { plan ?? throw new ArgumentNullException(nameof(plan)) }, (_, ex) => error = ex, cancellationToken);
            if (error != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            }
            return changes[0];
        }

        /// <summary>
        /// Writes planned changes as one group: first the private stores (date offsets, device pseudonyms), then a
        /// verified backup of every original under <c>sourcedata/defacer/</c>, then one flush to disk (every backup is
        /// durable before any original is replaced), then each file is checked to still hold what was planned from and
        /// replaced atomically (a symlink is replaced, never written through), then one more flush. Per-file failures go
        /// to <paramref name="onError"/> and the rest continue; cancellation stops between files, so every file is
        /// either fully replaced or untouched.
        /// </summary>
        public IReadOnlyList<MetadataChange> ApplyBatch(IReadOnlyList<MetadataFilePlan> plans, Action<MetadataFilePlan, Exception> onError, CancellationToken cancellationToken = default)
        {
            if (plans == null) throw new ArgumentNullException(nameof(plans));
            if (onError == null) throw new ArgumentNullException(nameof(onError));
            foreach (var plan in plans)
            {
                if (!plan.HasChanges || ((plan.Content == null || plan.Original == null) && plan.NiftiHeader == null))
                {
                    throw new InvalidOperationException($"The plan for '{plan.File.FullPath}' has nothing to write.");
                }
            }
            cancellationToken.ThrowIfCancellationRequested();

            // The stores first: a file written with an offset or pseudonym that was then lost could never be matched again.
            if (plans.Any(p => p.File.Kind == MetadataFileKind.Table)) _shifts?.SaveIfDirty();
            if (plans.Any(p => p.File.Kind == MetadataFileKind.Json)) _devices?.SaveIfDirty();

            var backedUp = new List<(MetadataFilePlan Plan, BackupRecord Backup)>();
            foreach (var plan in plans)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    // Keeping history: a file another tool already changed (Invoke-Deface marks sidecars) keeps its
                    // first original and gets its current version saved beside it.
                    var backup = Backups.BackupKeepingHistory(plan.File.FullPath, flushToDisk: false);
                    CheckUnchanged(plan, backup);
                    backedUp.Add((plan, backup));
                }
                catch (Exception ex) when (IsFileProblem(ex) || ex is NiftiException)
                {
                    onError(plan, ex);
                }
            }
            DiskSync.Flush(backedUp.Select(b => b.Backup.BackupPath));

            var changes = new List<MetadataChange>();
            var replaced = new List<string>();
            try
            {
                foreach (var (plan, backup) in backedUp)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        changes.Add(plan.File.Kind == MetadataFileKind.Nifti ? ReplaceNifti(plan, backup, cancellationToken) : Replace(plan, backup, cancellationToken));
                        replaced.Add(plan.File.FullPath);
                    }
                    catch (Exception ex) when (IsFileProblem(ex) || ex is NiftiException)
                    {
                        onError(plan, ex);
                    }
                }
            }
            finally
            {
                DiskSync.Flush(replaced);
            }
            return changes;
        }

        private static void CheckUnchanged(MetadataFilePlan plan, BackupRecord backup)
        {
            bool same = plan.File.Kind == MetadataFileKind.Nifti
                ? ContentStamp(plan.File.FullPath) == plan.Stamp
                : string.Equals(backup.Sha256, FileHashing.Sha256(plan.Original!), StringComparison.Ordinal);
            if (!same)
            {
                throw new SafetyException(SafetyErrorKind.ChangedSinceRead, plan.File.FullPath, $"'{plan.File.FullPath}' changed while the run was planning; it was left as it is. Run again.");
            }
        }

        private static MetadataChange Replace(MetadataFilePlan plan, BackupRecord backup, CancellationToken cancellationToken)
        {
            var content = plan.Content!;
            AtomicFile.Replace(plan.File.FullPath, s => s.Write(content, 0, content.Length), cancellationToken, flushToDisk: false);
            return new MetadataChange(plan.File.FullPath, plan.File.RelativePath, plan.File.Kind, plan.Removed, plan.Changed, backup.BackupPath, backup.Sha256);
        }

        private void PrepareStores(List<DatasetFile> files, CancellationToken cancellationToken)
        {
            _shifts = DateShiftStore.Load(Backups.BackupRoot);
            if (Options.PseudonymizeDevice)
            {
                _devices = DevicePseudonyms.Load(Backups.BackupRoot);
            }
            if (Options.DropAcqTime)
            {
                return;
            }
            var meg = files.Any(f => f.Name.EndsWith(".fif", StringComparison.Ordinal));
            var planner = new DateShiftPlanner(meg, Options.DateShiftSeed);
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var kind = TableCleaner.KindOf(file.Name);
                if (file.Kind != MetadataFileKind.Table || (kind != TableCleaner.TableKind.Scans && kind != TableCleaner.TableKind.Sessions))
                {
                    continue;
                }
                try
                {
                    PathSafety.RequireContent(file.FullPath);
                    TableCleaner.Survey(File.ReadAllBytes(file.FullPath), file.FullPath, file.RelativePath, planner);
                }
                catch (Exception ex) when (ex is MetadataFormatException || ex is SafetyException || ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Reported when the table itself is planned.
                }
            }
            foreach (var subject in planner.Subjects)
            {
                try
                {
                    planner.AssignMissing(_shifts, subject);
                }
                catch (InvalidOperationException ex)
                {
                    _subjectErrors[subject] = ex;
                }
            }
        }

        private MetadataFilePlan PlanJson(DatasetFile file, bool buildContent)
        {
            try
            {
                var bytes = ReadContent(file);
                var result = buildContent
                    ? JsonSidecarCleaner.Clean(bytes, file.FullPath, file.RelativePath, _policy, _devices == null ? (Func<string, string>?)null : _devices.For)
                    : JsonSidecarCleaner.Inspect(bytes, file.FullPath, file.RelativePath, _policy);
                var changed = result.Pseudonymized.Select(p => p + ": pseudonymised").ToList();
                IReadOnlyList<string> removed = result.Removed;
                if (!buildContent)
                {
                    removed = result.Findings.Where(f => f.Action == MetadataAction.Remove).Select(f => f.Field).ToList();
                    changed = result.Findings.Where(f => f.Action == MetadataAction.Pseudonymize).Select(f => f.Field + ": pseudonymised").ToList();
                }
                var content = result.Changed ? result.Content : null;
                if (content != null && Options.DeidentificationMethod != null && IsImageSidecar(file))
                {
                    // Only a sidecar that was cleaned says so: recording alone would change files with nothing to hide.
                    content = DeidentificationRecord.Append(content, file.FullPath, Options.DeidentificationMethod, Options);
                    changed.Add(DeidentificationRecord.MethodKey + ": recorded");
                }
                return new MetadataFilePlan(file, result.Findings, removed, changed, bytes, content, null);
            }
            catch (Exception ex) when (IsFileProblem(ex))
            {
                return MetadataFilePlan.Failed(file, ex);
            }
        }

        /// <summary>An MRI or PET image's sidecar (BIDS defines the de-identification keys for those alone).</summary>
        private bool IsImageSidecar(DatasetFile file)
        {
            var suffix = DeidentificationRecord.SuffixOf(file.Name);
            return file.Name.EndsWith(".json", StringComparison.Ordinal) && suffix != null && _imageSuffixes.Contains(suffix);
        }

        private MetadataFilePlan PlanTable(DatasetFile file, bool buildContent)
        {
            try
            {
                var subject = TableCleaner.SubjectOf(file.RelativePath);
                var bytes = ReadContent(file);
                if (buildContent && subject != null && _subjectErrors.TryGetValue(subject, out var subjectError))
                {
                    var kind = TableCleaner.KindOf(file.Name);
                    if (kind == TableCleaner.TableKind.Scans || kind == TableCleaner.TableKind.Sessions)
                    {
                        return MetadataFilePlan.Failed(file, new MetadataFormatException(file.FullPath, 1, 1, subjectError.Message));
                    }
                }
                var result = buildContent
                    ? TableCleaner.Clean(bytes, file.FullPath, file.RelativePath, Options, _shifts!)
                    : TableCleaner.Inspect(bytes, file.FullPath, file.RelativePath, Options);
                IReadOnlyList<string> changes = result.Changes;
                if (!buildContent)
                {
                    changes = result.Findings.Where(f => f.Action == MetadataAction.ShiftDate || (f.Action == MetadataAction.CapAge))
                        .Select(f => f.Field + ": " + (f.Action == MetadataAction.ShiftDate ? "dates shifted" : "capped at 89")).Distinct().ToList();
                }
                return new MetadataFilePlan(file, result.Findings, result.Removed, changes, bytes, result.Changed ? result.Content : null, null);
            }
            catch (Exception ex) when (IsFileProblem(ex))
            {
                return MetadataFilePlan.Failed(file, ex);
            }
        }

        private MetadataFilePlan? PlanNifti(DatasetFile file, bool buildContent)
        {
            bool inScope = Options.Nifti == NiftiScope.All || (Options.Nifti == NiftiScope.Anat && IsAnat(file));
            if (!inScope)
            {
                var gz = TryGzipFinding(file, MetadataAction.Report);
                if (gz != null) _datasetFindings.Add(gz);
                return null;
            }
            try
            {
                PathSafety.RequireContent(file.FullPath);
                if (ContentStamp(file.FullPath).Length == 0)
                {
                    return null;   // zero-byte placeholder: nothing to leak, nothing to clean
                }
                NiftiHeader header;
                IList<NiftiExtension> extensions;
                try
                {
                    header = NiftiReader.ReadHeader(file.FullPath, out extensions);
                }
                catch (NiftiException ex) when (ex.Kind == NiftiErrorKind.EmptyFile)
                {
                    return null;
                }
                var findings = new List<MetadataFinding>(NiftiHeaderCleaner.Inspect(file, header, extensions, out var cleaned));
                var removed = findings.Where(f => f.Action == MetadataAction.Clear || f.Action == MetadataAction.Remove).Select(f => f.Field).ToList();
                var changed = new List<string>();
                var gzip = NiftiHeaderCleaner.IsGzip(file.FullPath) ? TryGzipFinding(file, MetadataAction.Recompress) : null;
                if (gzip != null)
                {
                    findings.Add(gzip);
                    changed.Add("gzip header: " + gzip.ValuePreview + " removed");
                }
                var plan = new MetadataFilePlan(file, findings, removed, changed, null, null, null);
                if (plan.HasChanges)
                {
                    plan.NiftiHeader = cleaned ?? header;
                    plan.Stamp = ContentStamp(file.FullPath);
                }
                return plan;
            }
            catch (Exception ex) when (IsFileProblem(ex) || ex is NiftiException)
            {
                return MetadataFilePlan.Failed(file, ex);
            }
        }

        private static MetadataChange ReplaceNifti(MetadataFilePlan plan, BackupRecord backup, CancellationToken cancellationToken)
        {
            var path = plan.File.FullPath;
            var header = plan.NiftiHeader!;
            string? copiedDataHash = null;
            // Read from the verified backup: it is exactly the content that was hashed, whatever happens to the link.
            AtomicFile.Replace(path, s => copiedDataHash = NiftiHeaderCleaner.Rewrite(backup.BackupPath, header, s), cancellationToken, flushToDisk: false);
            var written = NiftiHeaderCleaner.DataHash(path, (long)header.VoxOffset);
            if (!string.Equals(written, copiedDataHash, StringComparison.Ordinal))
            {
                // Never leave a file whose voxels differ from the original: put the original back.
                AtomicFile.Replace(path, s => { using (var src = File.OpenRead(backup.BackupPath)) src.CopyTo(s); });
                throw new SafetyException(SafetyErrorKind.BackupVerificationFailed, path, $"The rewritten '{path}' did not keep the voxel data bit-identical; the original was restored.");
            }
            return new MetadataChange(path, plan.File.RelativePath, plan.File.Kind, plan.Removed, plan.Changed, backup.BackupPath, backup.Sha256);
        }

        /// <summary>Length and write time of a file's content: a symlink's target, not the link (FileInfo describes the link itself).</summary>
        private static (long Length, DateTime LastWriteUtc) ContentStamp(string path)
        {
            var info = new FileInfo(path);
            for (int hops = 0; hops < 8 && PathSafety.ReadLinkTarget(info.FullName) is string target; hops++)
            {
                info = new FileInfo(Path.Combine(info.DirectoryName!, target));
            }
            return (info.Length, info.LastWriteTimeUtc);
        }

        private static bool IsAnat(DatasetFile file) => file.RelativePath.IndexOf("/anat/", StringComparison.Ordinal) >= 0;

        private static MetadataFinding? TryGzipFinding(DatasetFile file, MetadataAction action)
        {
            try
            {
                return DatasetChecks.GzipHeader(file, action);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;   // unreadable or dangling: reported by the file's own plan
            }
        }

        private static byte[] ReadContent(DatasetFile file)
        {
            PathSafety.RequireContent(file.FullPath);
            return File.ReadAllBytes(file.FullPath);
        }

        private static bool IsFileProblem(Exception ex) =>
            ex is MetadataFormatException || ex is SafetyException || ex is IOException || ex is UnauthorizedAccessException;
    }
}
