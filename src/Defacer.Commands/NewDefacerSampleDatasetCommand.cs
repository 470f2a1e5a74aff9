using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Defacer.Engine.Phantom;

namespace Defacer.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes a small BIDS dataset of synthetic heads with faces and identifying-looking metadata, to try Defacer on.</para>
    /// <para type="description">Generates, in code and deterministically, a valid BIDS dataset: dataset_description.json,
    /// README, participants.tsv (with invented names and birth dates), 1 to 6 subjects (sub-01 has two sessions) with
    /// phantom T1w heads (brain, skull, scalp, eyes, nose, lips, chin, ears) and some T2w heads, sidecars carrying
    /// InstitutionName, DeviceSerialNumber, AcquisitionDateTime and the like, and scans.tsv files with acq_time. The
    /// folder must be new or empty; nothing is ever overwritten. Outputs the dataset folder, ready for Get-BidsSubject.</para>
    /// </summary>
    /// <example><code>New-DefacerSampleDataset -Path ./sample | Get-BidsSubject | Invoke-Deface</code><para>Makes the sample dataset and defaces its T1w images.</para></example>
    /// <example><code>New-DefacerSampleDataset ./sample -Subjects 3 -VoxelSize 1</code><para>Three subjects at 1 mm.</para></example>
    [Cmdlet(VerbsCommon.New, "DefacerSampleDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(DirectoryInfo))]
    public sealed class NewDefacerSampleDatasetCommand : PSCmdlet
    {
        /// <summary>The folder to create (it must not exist or be empty).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "LiteralPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Number of subjects (1 to 6, default 2).</summary>
        [Parameter]
        [ValidateRange(1, SampleDataset.MaxSubjects)]
        public int Subjects { get; set; } = 2;

        /// <summary>Isotropic voxel size of the heads in mm (0.8 to 4, default 2: about 1 M voxels per image).</summary>
        [Parameter]
        [ValidateRange(0.8, 4.0)]
        public double VoxelSize { get; set; } = 2.0;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var root = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            {
                WriteError(new ErrorRecord(new IOException($"'{root}' is not empty; the sample dataset is only written into an empty or new folder."),
                    "FolderNotEmpty", ErrorCategory.ResourceExists, root));
                return;
            }
            if (!ShouldProcess(root, $"Write a sample BIDS dataset with {Subjects} subject(s)"))
            {
                return;
            }
            try
            {
                var images = SampleDataset.Write(root, Subjects, VoxelSize);
                WriteVerbose($"Wrote {images.Count} images to '{root}': {string.Join(", ", images)}.");
                WriteObject(new DirectoryInfo(root));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "SampleDatasetWriteFailed", ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, root));
            }
        }
    }
}
