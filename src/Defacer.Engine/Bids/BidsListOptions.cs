using System;
using System.Threading;

namespace Defacer.Engine.Bids
{
    /// <summary>What <see cref="BidsDataset.Open"/> lists. The defaults list everything.</summary>
    public sealed class BidsListOptions
    {
        /// <summary>
        /// Keeps a subject when it returns true for its label (without <c>sub-</c>). Null keeps all.
        /// Subjects left out are not read at all, which keeps a one-subject listing fast on a large dataset.
        /// </summary>
        public Func<string, bool>? SubjectFilter { get; set; }

        /// <summary>
        /// Keeps a session when it returns true for its label (without <c>ses-</c>), called with null for the
        /// session-less level of a subject. Null keeps all. A subject with no kept session is left out.
        /// </summary>
        public Func<string?, bool>? SessionFilter { get; set; }

        /// <summary>
        /// Open each image to classify its content (<see cref="BidsImage.ContentState"/>: up to 544 header bytes).
        /// When false, links are still resolved but present files are reported as <see cref="BidsContentState.Present"/>.
        /// </summary>
        public bool ProbeContent { get; set; } = true;

        /// <summary>Stops the listing between subjects (Ctrl+C in the cmdlets) with <see cref="OperationCanceledException"/>.</summary>
        public CancellationToken CancellationToken { get; set; }
    }
}
