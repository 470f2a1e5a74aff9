using System.Collections.Generic;
using System.Linq;

namespace Defacer.Engine.Bids
{
    /// <summary>A subject of a dataset (<c>sub-01</c>) with its sessions and anatomical images.</summary>
    public sealed class BidsSubject
    {
        internal BidsSubject(BidsDataset dataset, string label, string path)
        {
            Dataset = dataset;
            Label = label;
            Path = path;
        }

        /// <summary>The label without <c>sub-</c> ("01").</summary>
        public string Label { get; }

        /// <summary>The folder name, <c>sub-</c> + label.</summary>
        public string Name => "sub-" + Label;

        /// <summary>The dataset the subject belongs to.</summary>
        public BidsDataset Dataset { get; }

        /// <summary>Full path of the dataset root.</summary>
        public string DatasetRoot => Dataset.Root;

        /// <summary>Full path of the subject folder.</summary>
        public string Path { get; }

        /// <summary>
        /// Sessions in label order. A subject without <c>ses-</c> folders has one session whose label is null.
        /// Only sessions kept by <see cref="BidsListOptions.SessionFilter"/> are here.
        /// </summary>
        public IReadOnlyList<BidsSession> Sessions { get; internal set; } = new BidsSession[0];

        /// <summary>True when the subject has <c>ses-</c> folders.</summary>
        public bool HasSessions => Sessions.Any(s => s.Label != null);

        /// <summary>All anatomical images of <see cref="Sessions"/> (defacemasks included, .bidsignore'd ones not).</summary>
        public IReadOnlyList<BidsImage> Images { get; internal set; } = new BidsImage[0];

        /// <summary>Anatomical images of this subject that .bidsignore hides: not in <see cref="Images"/>, but they may show a face.</summary>
        public IReadOnlyList<BidsImage> IgnoredAnatImages { get; internal set; } = new BidsImage[0];

        /// <summary>The subject's row of participants.tsv, or null.</summary>
        public IReadOnlyDictionary<string, string>? ParticipantRow { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
