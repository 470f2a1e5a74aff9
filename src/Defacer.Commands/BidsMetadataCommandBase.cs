using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using Defacer.Engine.Metadata;
using Defacer.Engine.Safety;

namespace Defacer.Commands
{
    /// <summary>
    /// The parameters and plumbing shared by Remove-BidsMetadata and its audit companion Find-BidsIdentifier, so that the
    /// audit shows exactly the actions the removal would take with the same options.
    /// </summary>
    public abstract class BidsMetadataCommandBase : PSCmdlet
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        /// <summary>Path of a BIDS dataset folder (the one holding dataset_description.json). Wildcards are allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Path of a BIDS dataset folder, used exactly as typed (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = "LiteralPath", ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Extra JSON keys (and table columns) to remove besides the default identifying list, e.g. AcquisitionTime.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Field { get; set; } = Array.Empty<string>();

        /// <summary>JSON keys (and table columns) to keep although they would be removed; wins over every other rule.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] KeepField { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Groups of identifying keys to keep: InstitutionAndDevice (institution name/address/department, station name,
        /// device serial), Descriptors (image comments, procedure step, study/series/protocol names), Patient,
        /// Identifiers, Dates, Staff, ConverterDump.
        /// </summary>
        [Parameter]
        public MetadataKeyGroup[] KeepGroup { get; set; } = Array.Empty<MetadataKeyGroup>();

        /// <summary>Replace DeviceSerialNumber by a dataset-unique pseudonym (device-01, ...) instead of removing it.</summary>
        [Parameter]
        public SwitchParameter PseudonymizeDevice { get; set; }

        /// <summary>Drop the acq_time column of scans and sessions tables instead of shifting the dates.</summary>
        [Parameter]
        public SwitchParameter DropAcqTime { get; set; }

        /// <summary>Also process derivatives/ (skipped by default). sourcedata/ and dot-folders are never processed.</summary>
        [Parameter]
        public SwitchParameter IncludeDerivatives { get; set; }

        /// <summary>Which NIfTI headers to clean: All (default), Anat (only images in anat/ folders) or None.</summary>
        [Parameter]
        public NiftiScope Nifti { get; set; } = NiftiScope.All;

        /// <summary>Cancelled when the user presses Ctrl+C.</summary>
        protected CancellationToken CancellationToken => _cancel.Token;

        /// <inheritdoc/>
        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>The engine options from the parameters.</summary>
        protected MetadataOptions BuildOptions()
        {
            var options = new MetadataOptions
            {
                PseudonymizeDevice = PseudonymizeDevice.IsPresent,
                DropAcqTime = DropAcqTime.IsPresent,
                IncludeDerivatives = IncludeDerivatives.IsPresent,
                Nifti = Nifti,
            };
            foreach (var f in Field) options.AddFields.Add(f);
            foreach (var f in KeepField) options.KeepFields.Add(f);
            foreach (var g in KeepGroup) options.KeepGroups.Add(g);
            return options;
        }

        /// <summary>The dataset folders named by -Path or -LiteralPath; unusable ones are reported as errors and left out.</summary>
        protected IEnumerable<string> ResolveDatasets()
        {
            var literal = ParameterSetName == "LiteralPath";
            var resolver = new CmdletPathResolver(this, new PathErrorIds("PathNotFound", "NotAFileSystemPath", "InvalidPath"));
            foreach (var path in resolver.Resolve(literal ? LiteralPath : Path, literal))
            {
                if (!Directory.Exists(path))
                {
                    WriteError(new ErrorRecord(new DirectoryNotFoundException($"'{path}' is not a folder; give the dataset folder."), "PathNotFound", ErrorCategory.ObjectNotFound, path));
                    continue;
                }
                yield return path;
            }
        }

        /// <summary>Creates the run for a dataset, writing an error and returning null when it is not a BIDS dataset.</summary>
        protected MetadataRun? OpenRun(string datasetRoot, MetadataOptions options)
        {
            try
            {
                return new MetadataRun(datasetRoot, options);
            }
            catch (MetadataDatasetException ex)
            {
                WriteError(new ErrorRecord(ex, "NotABidsDataset", ErrorCategory.InvalidArgument, ex.Path));
                return null;
            }
        }

        /// <summary>The error record for a per-file failure: stable id, honest category, the file as target.</summary>
        protected static ErrorRecord FileError(Exception ex, string path)
        {
            switch (ex)
            {
                case MetadataFormatException format:
                    return new ErrorRecord(ex, "MalformedMetadataFile", ErrorCategory.InvalidData, format.Path);
                case SafetyException safety:
                    return new ErrorRecord(ex, safety.Kind.ToString(), CategoryOf(safety.Kind), safety.Path);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(ex, "FileAccessDenied", ErrorCategory.PermissionDenied, path);
                case IOException _:
                    return new ErrorRecord(ex, "FileReadFailed", ErrorCategory.ReadError, path);
                default:
                    return new ErrorRecord(ex, "MetadataProcessingFailed", ErrorCategory.NotSpecified, path);
            }
        }

        private static ErrorCategory CategoryOf(SafetyErrorKind kind)
        {
            switch (kind)
            {
                case SafetyErrorKind.BackupConflict: return ErrorCategory.ResourceExists;
                case SafetyErrorKind.ContentNotPresent: return ErrorCategory.ObjectNotFound;
                case SafetyErrorKind.FolderNotWritable: return ErrorCategory.PermissionDenied;
                case SafetyErrorKind.FolderMissing: return ErrorCategory.ObjectNotFound;
                case SafetyErrorKind.ChangedSinceRead: return ErrorCategory.ResourceUnavailable;
                case SafetyErrorKind.BackupVerificationFailed: return ErrorCategory.WriteError;
                case SafetyErrorKind.OutsideDataset:
                case SafetyErrorKind.InsideBackupFolder:
                case SafetyErrorKind.TargetIsDirectory: return ErrorCategory.InvalidArgument;
                default: return ErrorCategory.WriteError;
            }
        }
    }
}
