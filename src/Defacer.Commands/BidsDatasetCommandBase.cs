using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Defacer.Engine.Bids;

namespace Defacer.Commands
{
    /// <summary>
    /// What Get-BidsSubject and Get-BidsImage share when they list datasets themselves: the -Path / -LiteralPath
    /// parameters (the current location when neither is given), listing each dataset with the -Subject / -Session
    /// filters applied while reading, and Ctrl+C.
    /// </summary>
    public abstract class BidsDatasetCommandBase : PSCmdlet
    {
        /// <summary>The parameter set of -Path.</summary>
        protected const string PathSet = "Path";

        /// <summary>The parameter set of -LiteralPath.</summary>
        protected const string LiteralPathSet = "LiteralPath";

        // Not disposed: without timers it holds no resource, and StopProcessing may come after EndProcessing.
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        /// <summary>Dataset folder(s); wildcards allowed. Defaults to the current location.</summary>
        [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Dataset folder(s), used exactly as typed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <inheritdoc />
        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>
        /// Lists each dataset named by -Path or -LiteralPath, reading only the subjects and sessions the selectors match.
        /// A path that is not a dataset is a terminating error (see <see cref="BidsCmdletSupport"/>).
        /// </summary>
        private protected IEnumerable<BidsDataset> OpenDatasets(BidsLabelSelector? subjects, BidsLabelSelector? sessions)
        {
            var options = new BidsListOptions
            {
                CancellationToken = _cancel.Token,
                SubjectFilter = subjects == null ? null : new System.Func<string, bool>(subjects.IsMatch),
                SessionFilter = sessions == null ? null : new System.Func<string?, bool>(sessions.IsMatch),
            };
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (var root in BidsCmdletSupport.ResolvePaths(this, literal ? LiteralPath : Path, literal))
            {
                var watch = Stopwatch.StartNew();
                var dataset = BidsCmdletSupport.Open(this, root, options);
                WriteVerbose($"Listed '{dataset.Root}': {dataset.Subjects.Count} subject(s), {dataset.Images.Count()} anatomical image(s) in {watch.ElapsedMilliseconds} ms.");
                yield return dataset;
            }
        }
    }
}
