using System.Collections.Generic;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// A session of a subject (<c>sub-01/ses-1</c>), or the session-less level of a subject without sessions
    /// (then <see cref="Label"/> is null and <see cref="Path"/> is the subject folder).
    /// </summary>
    public sealed class BidsSession
    {
        internal BidsSession(string? label, string path)
        {
            Label = label;
            Path = path;
        }

        /// <summary>The label without <c>ses-</c>, or null for the session-less level.</summary>
        public string? Label { get; }

        /// <summary>Full path of the session folder (the subject folder for the session-less level).</summary>
        public string Path { get; }

        /// <summary>Subject label (without <c>sub-</c>).</summary>
        public string SubjectLabel { get; internal set; } = string.Empty;

        /// <summary>Anatomical images of the session, .bidsignore'd ones excluded, defacemasks included (see <see cref="BidsImage.IsDefaceMask"/>).</summary>
        public IReadOnlyList<BidsImage> Images { get; internal set; } = new BidsImage[0];

        /// <summary>The session's row of <c>sub-X_sessions.tsv</c>, or null.</summary>
        public IReadOnlyDictionary<string, string>? SessionsRow { get; internal set; }

        /// <summary>Full path of the <c>sub-X[_ses-Y]_scans.tsv</c> of this level when it exists, else null.</summary>
        public string? ScansTsvPath { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => Label == null ? "(no session)" : "ses-" + Label;
    }
}
