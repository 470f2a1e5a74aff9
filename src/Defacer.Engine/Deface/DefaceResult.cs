using System;
using System.Collections.Generic;

namespace Defacer.Engine.Deface
{
    /// <summary>What <c>Invoke-Deface</c> did to one image (one output object per image).</summary>
    public sealed class DefaceResult
    {
        internal DefaceResult(DefaceTarget target, string method, DefaceStatus status)
        {
            Path = target.ImagePath;
            RelativePath = target.RelativePath;
            Image = System.IO.Path.GetFileName(target.ImagePath);
            DatasetRoot = target.DatasetRoot;
            Method = method;
            Status = status;
        }

        /// <summary>The image's file name.</summary>
        public string Image { get; }

        /// <summary>Full path of the input image.</summary>
        public string Path { get; }

        /// <summary>Path relative to the dataset (the file name for a loose file).</summary>
        public string RelativePath { get; }

        /// <summary>The dataset root, or null for a loose file.</summary>
        public string? DatasetRoot { get; }

        /// <summary>The method's name.</summary>
        public string Method { get; }

        /// <summary>Defaced, or skipped because already defaced.</summary>
        public DefaceStatus Status { get; }

        /// <summary>The fill used for removed voxels.</summary>
        public FaceFill Fill { get; internal set; }

        /// <summary>Where the defaced image is (the input path in in-place mode).</summary>
        public string? OutputPath { get; internal set; }

        /// <summary>The verified backup of the original (in-place mode), or null.</summary>
        public string? BackupPath { get; internal set; }

        /// <summary>The <c>_defacemask</c> image written with -SaveMask, or null.</summary>
        public string? MaskPath { get; internal set; }

        /// <summary>The provenance record under sourcedata/defacer.</summary>
        public string? ProvenancePath { get; internal set; }

        /// <summary>The sidecar that was marked as defaced.</summary>
        public string? SidecarPath { get; internal set; }

        /// <summary>Voxels removed per volume (the mask of the first volume is applied to every volume).</summary>
        public long VoxelsRemoved { get; internal set; }

        /// <summary>Removed voxels as a percentage of the volume.</summary>
        public double PercentRemoved { get; internal set; }

        /// <summary>Removed voxels that the method's own brain mask calls brain (should be 0), or null without a brain mask.</summary>
        public long? BrainVoxelsRemoved { get; internal set; }

        /// <summary>Number of volumes defaced (1 for 3D).</summary>
        public long Volumes { get; internal set; }

        /// <summary>SHA-256 of the input file.</summary>
        public string? Sha256Before { get; internal set; }

        /// <summary>SHA-256 of the written file.</summary>
        public string? Sha256After { get; internal set; }

        /// <summary>Wall-clock seconds for this image (read, deface, backup, write).</summary>
        public double Seconds { get; internal set; }

        /// <summary>Seconds per stage (Read, Method, FillAndEncode, Prepare, Backup, Write), for benchmarks and diagnosis.</summary>
        public IReadOnlyDictionary<string, double> StageSeconds { get; internal set; } = new Dictionary<string, double>();

        /// <summary>UTC time the image was written.</summary>
        public DateTime? TimeUtc { get; internal set; }

        /// <summary>Method-specific facts (cut plane, registration metric...).</summary>
        public IReadOnlyDictionary<string, object> Details { get; internal set; } = new Dictionary<string, object>();
    }
}
