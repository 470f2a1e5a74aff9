using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// A BIDS dataset as listed from disk: description, participants, subjects with sessions and anatomical images,
    /// and the per-file issues met on the way. Nothing is ever written. Open one with <see cref="Open"/>.
    /// </summary>
    public sealed class BidsDataset
    {
        internal BidsDataset(string root)
        {
            Root = root;
        }

        /// <summary>Full path of the dataset root (the folder holding dataset_description.json), without a trailing separator.</summary>
        public string Root { get; }

        /// <summary>dataset_description.json (an empty object when it is malformed: see <see cref="Issues"/>).</summary>
        public JObject Description { get; internal set; } = new JObject();

        /// <summary>The <c>Name</c> field of the description, or null.</summary>
        public string? Name => (Description["Name"] as JValue)?.Value as string;

        /// <summary>The <c>DatasetType</c> field (raw, derivative, study), or null when not given (BIDS then means raw).</summary>
        public string? DatasetType => (Description["DatasetType"] as JValue)?.Value as string;

        /// <summary>Subjects in label order (natural: sub-2 before sub-10), as kept by <see cref="BidsListOptions.SubjectFilter"/>.</summary>
        public IReadOnlyList<BidsSubject> Subjects { get; internal set; } = new BidsSubject[0];

        /// <summary>participants.tsv, or null when the dataset has none (or it is unreadable: see <see cref="Issues"/>).</summary>
        public ParticipantsTable? Participants { get; internal set; }

        /// <summary>The .bidsignore patterns (<see cref="BidsIgnore.None"/> when there is no file).</summary>
        public BidsIgnore BidsIgnore { get; internal set; } = BidsIgnore.None;

        /// <summary>Per-file problems met while listing (the listing went on).</summary>
        public IReadOnlyList<BidsIssue> Issues { get; internal set; } = new BidsIssue[0];

        /// <summary>
        /// Anatomical images matched by .bidsignore: not listed as images, but reported because they may show a face
        /// (ds000117 hides its FLASH images this way).
        /// </summary>
        public IReadOnlyList<BidsImage> IgnoredAnatImages { get; internal set; } = new BidsImage[0];

        /// <summary>All listed anatomical images of all subjects (defacemasks included, .bidsignore'd ones not).</summary>
        public IEnumerable<BidsImage> Images => Subjects.SelectMany(s => s.Images);

        /// <summary>The subject with <paramref name="label"/> (with or without <c>sub-</c>), or null.</summary>
        public BidsSubject? GetSubject(string label)
        {
            var bare = label.StartsWith("sub-", StringComparison.Ordinal) ? label.Substring(4) : label;
            return Subjects.FirstOrDefault(s => s.Label == bare);
        }

        /// <summary>
        /// Lists the dataset at <paramref name="root"/>. Throws <see cref="BidsException"/> when the folder does not
        /// exist or has no dataset_description.json; every other problem becomes an entry of <see cref="Issues"/>.
        /// </summary>
        public static BidsDataset Open(string root, BidsListOptions? options = null)
        {
            if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("A dataset path is required.", nameof(root));
            string full;
            try
            {
                full = Path.GetFullPath(root);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw new BidsException(root, $"'{root}' is not a valid path: {ex.Message}", ex);
            }
            full = TrimTrailingSeparators(full);
            if (!Directory.Exists(full))
            {
                throw new BidsException(full, File.Exists(full)
                    ? $"'{full}' is a file, not a BIDS dataset folder."
                    : $"'{full}' does not exist.");
            }
            if (!File.Exists(Path.Combine(full, "dataset_description.json")))
            {
                var enclosing = EnclosingDataset(full);
                throw new BidsException(full, $"'{full}' is not a BIDS dataset: it has no dataset_description.json."
                    + (enclosing == null ? string.Empty : $" It is inside the dataset '{enclosing}'; open that folder instead."));
            }
            return new BidsDatasetReader(full, options ?? new BidsListOptions()).Read();
        }

        // A user who points at sub-01/ or anat/ gets told where the dataset root is.
        private static string? EnclosingDataset(string path)
        {
            for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "dataset_description.json"))) return dir;
            }
            return null;
        }

        private static string TrimTrailingSeparators(string path)
        {
            var root = Path.GetPathRoot(path) ?? string.Empty;
            while (path.Length > root.Length && (path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal)))
            {
                path = path.Substring(0, path.Length - 1);
            }
            return path;
        }

        /// <inheritdoc />
        public override string ToString() => Root;
    }
}
