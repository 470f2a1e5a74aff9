using System;
using System.Management.Automation;
using Defacer.Engine.Metadata;

namespace Defacer.Commands
{
    /// <summary>Lists everything identifying (or suspicious) in a BIDS dataset and what Remove-BidsMetadata would do about it; changes nothing.</summary>
    /// <remarks>
    /// <para>Outputs one finding per item: the file, the field (JSON key path, table column, NIfTI header field or label), a short
    /// preview of the value, the action Remove-BidsMetadata takes with the same options (Remove, Pseudonymize, ShiftDate,
    /// CapAge, Clear, Recompress, Keep) or Report when a human should look, and the reason.</para>
    /// <para>Besides what Remove-BidsMetadata cleans it reports: keys whose names suggest dates, names, addresses or comments
    /// (AcquisitionTime, ConversionComments ...), values that look like dates, table columns that look like names, birth dates
    /// or contact details, subject and session labels that look like dates (ses-20090409) or DICOM person names, gzip headers
    /// that keep a file name or time, and a sourcedata/ or .heudiconv/ folder that must not be shared. Files are only read.</para>
    /// </remarks>
    /// <example>
    /// <code>Find-BidsIdentifier ./ds000117 | Where-Object Action -ne Report | Format-Table</code>
    /// <para>Shows what Remove-BidsMetadata would change in the dataset.</para>
    /// </example>
    /// <example>
    /// <code>Find-BidsIdentifier ./ds000117 -KeepGroup Descriptors | Group-Object Field | Sort-Object Count -Descending</code>
    /// <para>Counts the findings per field, with the descriptor keys marked as kept.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Find, "BidsIdentifier", DefaultParameterSetName = "Path")]
    [OutputType(typeof(MetadataFinding))]
    public sealed class FindBidsIdentifierCommand : BidsMetadataCommandBase
    {
        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var options = BuildOptions();
            foreach (var dataset in ResolveDatasets())
            {
                var run = OpenRun(dataset, options);
                if (run == null)
                {
                    continue;
                }
                try
                {
                    foreach (var plan in run.Plan(buildContent: false, CancellationToken))
                    {
                        if (plan.Error != null)
                        {
                            WriteError(FileError(plan.Error, plan.File.FullPath));
                            continue;
                        }
                        foreach (var finding in plan.Findings)
                        {
                            WriteObject(finding);
                        }
                    }
                    foreach (var finding in run.DatasetFindings)
                    {
                        WriteObject(finding);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
