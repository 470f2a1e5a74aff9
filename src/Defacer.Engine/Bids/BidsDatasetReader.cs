using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// Walks a dataset once: root, <c>sub-*</c>, <c>ses-*</c>, <c>anat/</c>. Each folder is enumerated a single time and
    /// each JSON sidecar parsed a single time, however many images inherit it. Only <c>sub-*</c> folders are entered,
    /// so derivatives/, sourcedata/, code/ and dot-folders are never listed. Read-only.
    /// </summary>
    internal sealed class BidsDatasetReader
    {
        private readonly string _root;
        private readonly string _rootPrefix;
        private readonly BidsListOptions _options;
        private readonly List<BidsIssue> _issues = new List<BidsIssue>();
        private readonly Dictionary<string, JObject?> _jsonCache = new Dictionary<string, JObject?>(StringComparer.Ordinal);
        private readonly List<BidsImage> _ignored = new List<BidsImage>();
        private BidsDataset _dataset = null!;

        public BidsDatasetReader(string root, BidsListOptions options)
        {
            _root = root;
            // A drive or file-system root already ends in a separator.
            _rootPrefix = root.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                || root.EndsWith(System.IO.Path.AltDirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                ? root : root + System.IO.Path.DirectorySeparatorChar;
            _options = options;
        }

        public BidsDataset Read()
        {
            _dataset = new BidsDataset(_root);
            _dataset.Description = BidsJson.Load(System.IO.Path.Combine(_root, "dataset_description.json"), BidsIssueCodes.DescriptionMalformed, _issues) ?? new JObject();
            _dataset.BidsIgnore = BidsIgnore.Load(_root, _issues);

            var rootListing = BidsDirectoryListing.Read(_root, _issues);
            var participantsFile = rootListing.FindFile("participants.tsv");
            if (participantsFile != null)
            {
                var table = TsvTable.Read(participantsFile.FullName, _issues);
                if (table != null) _dataset.Participants = new ParticipantsTable(table, _issues);
            }

            var subjectDirs = rootListing.Directories
                .Where(d => d.Name.StartsWith("sub-", StringComparison.Ordinal) && d.Name.Length > 4)
                .OrderBy(d => d.Name, BidsNaturalComparer.Instance)
                .ToList();
            ReportCaseCollisions(subjectDirs);

            var subjects = new List<BidsSubject>();
            foreach (var dir in subjectDirs)
            {
                _options.CancellationToken.ThrowIfCancellationRequested();
                var label = dir.Name.Substring(4);
                if (_options.SubjectFilter != null && !_options.SubjectFilter(label)) continue;
                var subject = ReadSubject(dir, label, rootListing);
                if (subject != null) subjects.Add(subject);
            }
            _dataset.Subjects = subjects;
            ReportParticipantMismatch(subjectDirs, subjects);
            _dataset.IgnoredAnatImages = _ignored;
            _dataset.Issues = _issues;
            return _dataset;
        }

        private BidsSubject? ReadSubject(DirectoryInfo dir, string label, BidsDirectoryListing rootListing)
        {
            if (!BidsFileName.IsValidLabel(label))
            {
                Warn(dir.FullName, BidsIssueCodes.LabelInvalid, $"Subject folder '{dir.Name}': a label may hold only letters, digits and '+'.");
            }
            var subject = new BidsSubject(_dataset, label, dir.FullName) { ParticipantRow = _dataset.Participants?.GetRow(label) };
            var listing = BidsDirectoryListing.Read(dir.FullName, _issues);
            if (listing.Files.Count == 0 && listing.Directories.Count == 0)
            {
                Warn(dir.FullName, BidsIssueCodes.SubjectEmpty,
                    $"Subject folder '{dir.Name}' is empty; if it is a DataLad subdataset, install it with 'datalad get -n {dir.Name}' (then 'datalad get') to see its images.");
            }
            var sessionsRows = ReadKeyedTsv(listing.FindFile($"sub-{label}_sessions.tsv"), "session_id");

            var sessionDirs = listing.Directories
                .Where(d => d.Name.StartsWith("ses-", StringComparison.Ordinal) && d.Name.Length > 4)
                .OrderBy(d => d.Name, BidsNaturalComparer.Instance)
                .ToList();
            var sessions = new List<BidsSession>();
            var ignoredBefore = _ignored.Count;
            var chain = new List<BidsDirectoryListing> { rootListing, listing };
            var hasSessionless = sessionDirs.Count == 0 || listing.FindDirectory("anat") != null;
            if (sessionDirs.Count > 0 && hasSessionless)
            {
                Warn(dir.FullName, BidsIssueCodes.SessionMixed, $"Subject '{dir.Name}' has both ses-* folders and an anat/ folder outside them; both are listed.");
            }
            if (hasSessionless && (_options.SessionFilter == null || _options.SessionFilter(null)))
            {
                sessions.Add(ReadSession(subject, null, listing, chain, null));
            }
            foreach (var sesDir in sessionDirs)
            {
                var sesLabel = sesDir.Name.Substring(4);
                if (_options.SessionFilter != null && !_options.SessionFilter(sesLabel)) continue;
                if (!BidsFileName.IsValidLabel(sesLabel))
                {
                    Warn(sesDir.FullName, BidsIssueCodes.LabelInvalid, $"Session folder '{sesDir.Name}': a label may hold only letters, digits and '+'.");
                }
                var sesListing = BidsDirectoryListing.Read(sesDir.FullName, _issues);
                var row = sessionsRows != null && sessionsRows.TryGetValue("ses-" + sesLabel, out var r) ? r : null;
                sessions.Add(ReadSession(subject, sesLabel, sesListing, new List<BidsDirectoryListing>(chain) { sesListing }, row));
            }
            if (sessions.Count == 0 && _options.SessionFilter != null) return null;
            subject.Sessions = sessions;
            subject.Images = sessions.SelectMany(s => s.Images).ToList();
            subject.IgnoredAnatImages = _ignored.Skip(ignoredBefore).ToList();
            return subject;
        }

        private BidsSession ReadSession(BidsSubject subject, string? sesLabel, BidsDirectoryListing listing, List<BidsDirectoryListing> chain,
            IReadOnlyDictionary<string, string>? sessionsRow)
        {
            var session = new BidsSession(sesLabel, listing.Path) { SubjectLabel = subject.Label, SessionsRow = sessionsRow };
            var prefix = sesLabel == null ? $"sub-{subject.Label}" : $"sub-{subject.Label}_ses-{sesLabel}";
            var scansFile = listing.FindFile(prefix + "_scans.tsv");
            session.ScansTsvPath = scansFile?.FullName;
            var scansRows = ReadKeyedTsv(scansFile, "filename");

            var anatDir = listing.FindDirectory("anat");
            if (anatDir == null) return session;
            var anat = BidsDirectoryListing.Read(anatDir.FullName, _issues);
            var anatChain = new List<BidsDirectoryListing>(chain) { anat };
            var images = new List<BidsImage>();
            foreach (var file in anat.Files)
            {
                if (file.Name.StartsWith(".", StringComparison.Ordinal)) continue;
                if (!file.Name.EndsWith(".nii", StringComparison.Ordinal) && !file.Name.EndsWith(".nii.gz", StringComparison.Ordinal))
                {
                    // "sub-01_T1w.NII.GZ" is still a head image: never let a spelling make it vanish silently.
                    if (file.Name.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || file.Name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase))
                    {
                        Warn(file.FullName, BidsIssueCodes.FileNameMalformed,
                            $"'{file.Name}' in anat/ looks like a NIfTI image but BIDS extensions are lower case (.nii, .nii.gz); it is not listed (check it for faces by hand).");
                    }
                    continue;
                }
                var image = ReadImage(file, subject.Label, sesLabel, anatChain, scansRows, session.ScansTsvPath);
                if (image == null) continue;
                if (image.IsBidsIgnored) _ignored.Add(image);
                else images.Add(image);
            }
            ReportDuplicates(images);
            images.Sort((a, b) => BidsNaturalComparer.Instance.Compare(a.FileName, b.FileName));
            session.Images = images;
            return session;
        }

        private BidsImage? ReadImage(FileInfo file, string subLabel, string? sesLabel, List<BidsDirectoryListing> chain,
            Dictionary<string, IReadOnlyDictionary<string, string>>? scansRows, string? scansPath)
        {
            var name = BidsFileName.Parse(file.Name);
            if (name.Extension != ".nii" && name.Extension != ".nii.gz") return null;
            if (!BidsSchema.IsAnatSuffix(name.Suffix))
            {
                Warn(file.FullName, BidsIssueCodes.SuffixUnknown,
                    $"'{file.Name}' in anat/ has suffix '{name.Suffix}', which is not an anatomical suffix; it is not listed (check it for faces by hand).");
                return null;
            }
            foreach (var problem in name.Problems) Warn(file.FullName, problem.Code, problem.Message);
            foreach (var key in name.Entities.Keys)
            {
                if (BidsSchema.IsKnownEntity(key) && !BidsSchema.IsEntityAllowedForAnat(name.Suffix, key))
                {
                    Warn(file.FullName, BidsIssueCodes.EntityNotAllowed, $"'{file.Name}': entity '{key}' is not allowed on anat '{name.Suffix}' files.");
                }
            }
            if (name.Entities.Subject != subLabel || name.Entities.Session != sesLabel)
            {
                Warn(file.FullName, BidsIssueCodes.LabelMismatch, $"'{file.Name}' must start with '{(sesLabel == null ? $"sub-{subLabel}" : $"sub-{subLabel}_ses-{sesLabel}")}_' to match its folders.");
            }

            var relative = file.FullName.Substring(_rootPrefix.Length).Replace('\\', '/');
            var image = new BidsImage(_dataset, file.FullName, relative, name)
            {
                SubjectLabel = subLabel,
                SessionLabel = sesLabel,
                IsBidsIgnored = _dataset.BidsIgnore.IsIgnored(relative),
                ScansTsvPath = scansPath,
            };
            if (scansRows != null && scansRows.TryGetValue("anat/" + file.Name, out var row)) image.ScansRow = row;
            Probe(image, file);
            ResolveSidecars(image, chain);
            return image;
        }

        private void Probe(BidsImage image, FileInfo file)
        {
            image.IsSymlink = BidsFileProbe.IsLink(file);
            image.LinkTarget = BidsFileProbe.LinkTarget(file);
            image.IsAnnexSymlink = image.IsSymlink && BidsFileProbe.IsAnnexTarget(image.LinkTarget);
            if (_options.ProbeContent)
            {
                image.ContentState = BidsFileProbe.Classify(file, out var error);
                image.ContentError = error;
            }
            else if (image.IsSymlink && !Opens(file.FullName))
            {
                image.ContentState = BidsContentState.DanglingSymlink;
            }
            if (image.IsContentAbsent)
            {
                var what = image.ContentState == BidsContentState.DanglingSymlink ? "a symbolic link whose target is missing" : "a git-annex pointer file";
                Warn(image.Path, BidsIssueCodes.ContentAbsent,
                    $"'{image.RelativePath}' is {what}: its content is not present. Run 'datalad get {image.RelativePath}' in '{_root}' first.");
            }
            else if (image.ContentState == BidsContentState.Unreadable)
            {
                _issues.Add(new BidsIssue(image.Path, BidsIssueCodes.FileUnreadable, $"Cannot read '{image.Path}': {image.ContentError}", BidsIssueSeverity.Error));
            }
        }

        // Opening follows the link, so it fails exactly when the target is missing (File.Exists is true for a dangling link).
        private static bool Opens(string path)
        {
            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1)) return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        // Inheritance principle: at each level from the root down, the JSON with the same suffix whose entities are a
        // subset of the image's applies; at most one per level (the most specific is used and the clash reported).
        private void ResolveSidecars(BidsImage image, List<BidsDirectoryListing> chain)
        {
            var applicable = new List<string>(chain.Count);
            var parsed = new List<JObject?>(chain.Count);
            foreach (var level in chain)
            {
                SidecarCandidate? best = null;
                var matches = 0;
                foreach (var candidate in level.Sidecars)
                {
                    if (candidate.Name.Suffix != image.Suffix || !candidate.Name.Entities.IsSubsetOf(image.Entities)) continue;
                    matches++;
                    if (best == null || candidate.Name.Entities.Count > best.Name.Entities.Count) best = candidate;
                }
                if (best == null) continue;
                if (matches > 1)
                {
                    Warn(image.Path, BidsIssueCodes.SidecarAmbiguous,
                        $"{matches} JSON files in '{level.Path}' apply to '{image.FileName}' (BIDS allows one per level); '{System.IO.Path.GetFileName(best.Path)}' is used.");
                }
                applicable.Add(best.Path);
                // Parsed now (once per file) so malformed sidecars are reported by the listing; merged on first use.
                parsed.Add(LoadSidecar(best.Path));
            }
            image.SetSidecars(applicable, parsed);
        }

        private JObject? LoadSidecar(string path)
        {
            if (_jsonCache.TryGetValue(path, out var cached)) return cached;
            var json = BidsJson.Load(path, BidsIssueCodes.SidecarMalformed, _issues);
            _jsonCache[path] = json;
            return json;
        }

        private Dictionary<string, IReadOnlyDictionary<string, string>>? ReadKeyedTsv(FileInfo? file, string keyColumn)
        {
            if (file == null) return null;
            var table = TsvTable.Read(file.FullName, _issues);
            if (table == null) return null;
            if (!table.Columns.Contains(keyColumn))
            {
                _issues.Add(new BidsIssue(file.FullName, BidsIssueCodes.TsvMalformed,
                    $"'{file.FullName}' line 1: the required column '{keyColumn}' is missing.", BidsIssueSeverity.Error, 1));
                return null;
            }
            var map = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            foreach (var row in table.Rows)
            {
                // scans.tsv may use '\' on files written on Windows; BIDS paths use '/'.
                var key = row[keyColumn].Replace('\\', '/');
                if (!map.ContainsKey(key)) map.Add(key, row);
            }
            return map;
        }

        private void ReportDuplicates(List<BidsImage> images)
        {
            foreach (var group in images.GroupBy(i => i.Entities.ToFileName(i.Suffix, string.Empty)).Where(g => g.Count() > 1))
            {
                var names = string.Join("', '", group.Select(i => i.FileName));
                foreach (var image in group)
                {
                    Warn(image.Path, BidsIssueCodes.DuplicateImage, $"The same image exists with several extensions ('{names}'); BIDS allows one.");
                }
            }
        }

        private void ReportCaseCollisions(List<DirectoryInfo> subjectDirs)
        {
            foreach (var group in subjectDirs.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                Warn(group.First().FullName, BidsIssueCodes.SubjectCaseCollision,
                    $"Subject folders '{string.Join("', '", group.Select(d => d.Name))}' differ only in case; they collide on Windows and macOS.");
            }
        }

        private void ReportParticipantMismatch(List<DirectoryInfo> subjectDirs, List<BidsSubject> listed)
        {
            var participants = _dataset.Participants;
            if (participants == null) return;
            foreach (var subject in listed)
            {
                if (subject.ParticipantRow == null)
                {
                    Warn(participants.Path, BidsIssueCodes.ParticipantMismatch, $"Subject '{subject.Name}' has a folder but no row in participants.tsv.");
                }
            }
            if (_options.SubjectFilter != null) return;
            var folders = new HashSet<string>(subjectDirs.Select(d => d.Name.Substring(4)), StringComparer.Ordinal);
            foreach (var label in participants.Labels)
            {
                if (!folders.Contains(label))
                {
                    Warn(participants.Path, BidsIssueCodes.ParticipantMismatch, $"participants.tsv lists 'sub-{label}', which has no folder.");
                }
            }
        }

        private void Warn(string path, string code, string message)
            => _issues.Add(new BidsIssue(path, code, message, BidsIssueSeverity.Warning));
    }
}
