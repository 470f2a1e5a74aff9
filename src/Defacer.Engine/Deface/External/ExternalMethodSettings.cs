using System;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface.External
{
    /// <summary>Method-specific parameters of the external tools; each adapter reads only its own.</summary>
    public sealed class ExternalMethodSettings
    {
        /// <summary>Pydeface: FLIRT cost function passed as <c>--cost</c> (tool default mutualinfo when null).</summary>
        public string? Cost { get; set; }

        /// <summary>AfniRefacer: which of the three modes to run.</summary>
        public AfniRefacerMode AfniMode { get; set; } = AfniRefacerMode.Deface;

        /// <summary>
        /// QuickshearPython: the buffer between the brain's hull and the cut, in mm (converted to the voxels the tool
        /// takes using the voxel size in the sagittal plane). The tool's own default is 10 voxels.
        /// </summary>
        public double QuickshearBufferMm { get; set; } = 10.0;

        /// <summary>
        /// QuickshearPython: the brain mask to feed the tool, computed on the input's grid (our skull-stripper, or a
        /// user-supplied mask). Required by that method.
        /// </summary>
        public Func<Volume3D, CancellationToken, Mask3D>? BrainMaskProvider { get; set; }
    }
}
