using System;
using System.Collections.Generic;

namespace Defacer.Engine.Metadata
{
    /// <summary>Which NIfTI files get their header cleaned.</summary>
    public enum NiftiScope
    {
        /// <summary>Every NIfTI file of the dataset (dcm2niix writes acquisition times into every descrip).</summary>
        All,

        /// <summary>Only images in <c>anat/</c> folders.</summary>
        Anat,

        /// <summary>NIfTI files are not touched.</summary>
        None,
    }

    /// <summary>The choices of a metadata run (the cmdlet parameters, minus paths).</summary>
    public sealed class MetadataOptions
    {
        /// <summary>Extra JSON keys (and table columns) to remove in addition to list A.</summary>
        public ISet<string> AddFields { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>JSON keys (and table columns) to keep although list A or D would remove them. Wins over everything.</summary>
        public ISet<string> KeepFields { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Whole groups of list A to keep.</summary>
        public ISet<MetadataKeyGroup> KeepGroups { get; } = new HashSet<MetadataKeyGroup>();

        /// <summary>Replace DeviceSerialNumber by a dataset-unique pseudonym instead of removing it.</summary>
        public bool PseudonymizeDevice { get; set; }

        /// <summary>Drop the acq_time column of scans/sessions tables instead of shifting the dates.</summary>
        public bool DropAcqTime { get; set; }

        /// <summary>Also process files under <c>derivatives/</c>.</summary>
        public bool IncludeDerivatives { get; set; }

        /// <summary>Which NIfTI headers to clean.</summary>
        public NiftiScope Nifti { get; set; } = NiftiScope.All;

        /// <summary>
        /// The entry appended to DeidentificationMethod in every MRI or PET image sidecar the run cleans (with the DICOM
        /// codes of <see cref="DeidentificationRecord.CodesFor"/> in DeidentificationMethodCodeSequence), e.g.
        /// "Defacer 0.1.0 Remove-BidsMetadata". Null (the default) records nothing.
        /// </summary>
        public string? DeidentificationMethod { get; set; }

        /// <summary>
        /// Seed for drawing new date offsets. Null (the default) draws them from a cryptographic generator: a predictable
        /// offset could be undone by anyone who knows the tool. Tests set it to get fixed results.
        /// </summary>
        public int? DateShiftSeed { get; set; }
    }
}
