using System.Collections.Generic;

namespace Defacer.Engine.Deface
{
    /// <summary>How <see cref="DefacePipeline"/> treats every image of a run.</summary>
    public sealed class DefaceOptions
    {
        /// <summary>What removed voxels become. Default <see cref="FaceFill.Zero"/>.</summary>
        public FaceFill Fill { get; set; } = FaceFill.Zero;

        /// <summary>FWHM in mm of <see cref="FaceFill.Blur"/>.</summary>
        public double BlurFwhmMm { get; set; } = RemovedVoxelFill.DefaultBlurFwhmMm;

        /// <summary>Also write the removed region as a BIDS <c>_defacemask</c> image next to the output.</summary>
        public bool SaveMask { get; set; }

        /// <summary>Deface images already marked as defaced, and replace existing -OutputPath outputs.</summary>
        public bool Force { get; set; }

        /// <summary>
        /// Null for in-place mode (backup, then replace the original: the default for datasets); otherwise the folder
        /// that receives defaced copies (mirroring each image's path relative to its dataset) and their provenance,
        /// leaving the dataset untouched.
        /// </summary>
        public string? OutputRoot { get; set; }

        /// <summary>The folder under <c>sourcedata/</c> that holds backups and provenance.</summary>
        public string ToolFolder { get; set; } = "defacer";

        /// <summary>The module version recorded in provenance and in the sidecar's DeidentificationMethod.</summary>
        public string ModuleVersion { get; set; } = "0.0.0";

        /// <summary>The method's parameters as the user gave them, recorded in provenance.</summary>
        public IDictionary<string, object> MethodParameters { get; set; } = new SortedDictionary<string, object>(System.StringComparer.Ordinal);
    }
}
