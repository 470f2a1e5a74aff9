using System;
using System.Collections.Generic;
using System.Linq;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// The quality check of one image: whether the face is gone and the brain intact, with the figures behind the
    /// verdict and the pictures a person can check it against. Built by <see cref="DefaceQualityChecker"/>.
    /// </summary>
    public sealed class DefaceQualityResult
    {
        internal DefaceQualityResult(string imagePath, string? originalPath)
        {
            ImagePath = imagePath;
            OriginalPath = originalPath;
        }

        /// <summary>The defaced (or audited) image.</summary>
        public string ImagePath { get; }

        /// <summary>The original it was compared with; null in an audit.</summary>
        public string? OriginalPath { get; }

        /// <summary>File name of the image, for tables.</summary>
        public string Image => System.IO.Path.GetFileName(ImagePath);

        /// <summary>Pass, Warn or Fail.</summary>
        public QualityVerdict Verdict { get; internal set; }

        /// <summary>Why the verdict is not Pass (and notes worth reading even when it is).</summary>
        public IReadOnlyList<string> Reasons { get; internal set; } = Array.Empty<string>();

        /// <summary>Voxels in the brain mask computed on the original.</summary>
        public long BrainVoxels { get; internal set; }

        /// <summary>Brain-mask voxels whose value differs between original and defaced image (any change counts).</summary>
        public long BrainVoxelsChanged { get; internal set; }

        /// <summary>BrainVoxelsChanged as a percentage of BrainVoxels.</summary>
        public double BrainChangedPercent => BrainVoxels == 0 ? 0 : 100.0 * BrainVoxelsChanged / BrainVoxels;

        /// <summary>Head voxels of the original inside the face region (the union of the eyes, nose, mouth and chin regions).</summary>
        public long FaceRegionVoxels { get; internal set; }

        /// <summary>Percentage of FaceRegionVoxels that defacing changed; NaN in an audit or when no face region is in view.</summary>
        public double FaceRemovedPercent { get; internal set; } = double.NaN;

        /// <summary>Each facial feature before and after.</summary>
        public IReadOnlyList<FeatureCheck> Features { get; internal set; } = Array.Empty<FeatureCheck>();

        /// <summary>The features still present after defacing (or present in an audited image).</summary>
        public IReadOnlyList<FaceFeature> RemainingFeatures => Features.Where(f => f.Remains).Select(f => f.Feature).ToList();

        /// <summary>True when a face is present in the audited or defaced image.</summary>
        public bool FacePresent => RemainingFeatures.Count > 0;

        /// <summary>Changed head voxels outside both the face region and the brain (background air does not count).</summary>
        public long OutsideChangedVoxels { get; internal set; }

        /// <summary>OutsideChangedVoxels as a percentage of the original's head voxels.</summary>
        public double OutsideChangedPercent { get; internal set; }

        /// <summary>All changed voxels of the first volume.</summary>
        public long ChangedVoxels { get; internal set; }

        /// <summary>True when header bytes and extensions equal the original's; null in an audit.</summary>
        public bool? HeaderPreserved { get; internal set; }

        /// <summary>MRIQC-style measures before and after (SNR, CNR, EFC, FBER, brain and head volume).</summary>
        public IReadOnlyList<QualityMeasureChange> Measures { get; internal set; } = Array.Empty<QualityMeasureChange>();

        /// <summary>Pictures written, by name (e.g. "Front-after") to full path.</summary>
        public IReadOnlyDictionary<string, string> Pictures { get; internal set; } = new Dictionary<string, string>();

        /// <summary>Time the check took.</summary>
        public double Seconds { get; internal set; }

        /// <summary>Where the time went, stage by stage (for benchmarks and slow-image diagnosis).</summary>
        public IReadOnlyList<QualityStageTime> Stages { get; internal set; } = Array.Empty<QualityStageTime>();

        public override string ToString() => $"{Image}: {Verdict}" + (Reasons.Count > 0 ? " (" + string.Join("; ", Reasons) + ")" : "");
    }
}
