using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// One anatomical NIfTI image of a dataset (<c>sub-01/[ses-1/]anat/sub-01_..._T1w.nii.gz</c>), with everything the
    /// later steps need: parsed entities, content state (git-annex aware), merged sidecar metadata and its scans.tsv row.
    /// </summary>
    public sealed class BidsImage
    {
        internal BidsImage(BidsDataset dataset, string path, string relativePath, BidsFileName name)
        {
            Dataset = dataset;
            Path = path;
            RelativePath = relativePath;
            FileName = name.FileName;
            Entities = name.Entities;
            Suffix = name.Suffix;
            Extension = name.Extension;
        }

        /// <summary>The dataset the image belongs to.</summary>
        public BidsDataset Dataset { get; }

        /// <summary>Full path of the dataset root.</summary>
        public string DatasetRoot => Dataset.Root;

        /// <summary>Full path of the image file (the link itself when it is a symbolic link).</summary>
        public string Path { get; }

        /// <summary>Path relative to the dataset root with '/' separators (<c>sub-01/anat/sub-01_T1w.nii.gz</c>).</summary>
        public string RelativePath { get; }

        /// <summary>File name with extension.</summary>
        public string FileName { get; }

        /// <summary>The entities of the name in BIDS order.</summary>
        public BidsEntities Entities { get; }

        /// <summary>The suffix: T1w, T2w, FLAIR, MP2RAGE, UNIT1, defacemask, ...</summary>
        public string Suffix { get; }

        /// <summary>".nii" or ".nii.gz"; a rewritten image must keep it.</summary>
        public string Extension { get; }

        /// <summary>True for <c>_defacemask</c> images: masks, never images to deface.</summary>
        public bool IsDefaceMask => Suffix == BidsSchema.DefaceMaskSuffix;

        /// <summary>Subject label from the enclosing <c>sub-</c> folder (without the prefix).</summary>
        public string SubjectLabel { get; internal set; } = string.Empty;

        /// <summary>Session label from the enclosing <c>ses-</c> folder, or null when the subject has no session level.</summary>
        public string? SessionLabel { get; internal set; }

        /// <summary>What is on disk: present, absent annex content, empty or header-only placeholder, ...</summary>
        public BidsContentState ContentState { get; internal set; }

        /// <summary>Why the content is <see cref="BidsContentState.Unreadable"/> or <see cref="BidsContentState.NotNifti"/>; null otherwise.</summary>
        public string? ContentError { get; internal set; }

        /// <summary>True when the content is not on disk (git-annex): the user must <c>datalad get</c> it first.</summary>
        public bool IsContentAbsent => ContentState == BidsContentState.AnnexPointer || ContentState == BidsContentState.DanglingSymlink;

        /// <summary>True when the file is a symbolic link: writers must replace the link (temp file + rename), never write through it.</summary>
        public bool IsSymlink { get; internal set; }

        /// <summary>True when the file is a symbolic link into a git-annex object store (the only stored copy of the data).</summary>
        public bool IsAnnexSymlink { get; internal set; }

        /// <summary>The link target as stored (usually relative), or null when the file is not a link.</summary>
        public string? LinkTarget { get; internal set; }

        /// <summary>True when the dataset's .bidsignore matches the image (it is then in <see cref="BidsDataset.IgnoredAnatImages"/>).</summary>
        public bool IsBidsIgnored { get; internal set; }

        /// <summary>The applicable sidecar at the nearest level (usually next to the image), or null when none applies.</summary>
        public string? SidecarPath { get; internal set; }

        /// <summary>Every applicable JSON sidecar, from the dataset root down to the image's folder (inheritance principle).</summary>
        public IReadOnlyList<string> SidecarChain { get; internal set; } = new string[0];

        /// <summary>
        /// The effective metadata: the sidecars of <see cref="SidecarChain"/> merged top-down, lower levels winning (a
        /// malformed sidecar contributes nothing). Built on first access, then kept: a private copy per image, so changing
        /// it changes neither the files nor other images.
        /// </summary>
        public JObject Metadata
        {
            get
            {
                if (_metadata != null) return _metadata;
                var merged = new JObject();
                foreach (var sidecar in _sidecars)
                {
                    if (sidecar == null) continue;
                    // Assigning a token that already has a parent clones it, so the parsed sidecars are never shared.
                    foreach (var property in sidecar.Properties()) merged[property.Name] = property.Value;
                }
                System.Threading.Interlocked.CompareExchange(ref _metadata, merged, null);
                return _metadata!;
            }
        }

        private JObject? _metadata;
        private IReadOnlyList<JObject?> _sidecars = new JObject?[0];

        /// <summary>Sets the parsed sidecars of <see cref="SidecarChain"/> (null for a malformed one), top to bottom.</summary>
        internal void SetSidecars(IReadOnlyList<string> paths, IReadOnlyList<JObject?> parsed)
        {
            SidecarChain = paths;
            SidecarPath = paths.Count > 0 ? paths[paths.Count - 1] : null;
            _sidecars = parsed;
            _metadata = null;
        }

        /// <summary>The image's row of <c>sub-X[_ses-Y]_scans.tsv</c> (column name to value), or null.</summary>
        public IReadOnlyDictionary<string, string>? ScansRow { get; internal set; }

        /// <summary>The scans.tsv of the image's subject/session when it exists (even without a row for this image), else null.</summary>
        public string? ScansTsvPath { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => RelativePath;
    }
}
