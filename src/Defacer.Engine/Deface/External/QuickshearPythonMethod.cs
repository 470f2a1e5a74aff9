using System;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// nipy <c>quickshear &lt;anat&gt; &lt;mask&gt; &lt;out&gt; &lt;buffer&gt;</c>, fed with Defacer's brain mask (written on the
    /// input's exact grid, since quickshear refuses a mask whose shape or affine differs). The buffer is given in mm
    /// and converted to the voxels the tool takes. Note the reference code's axis bug when the P and S sizes differ
    /// (peers.md 2.3): that is the tool's behaviour, reproduced faithfully; the native Quickshear does not have it.
    /// </summary>
    public sealed class QuickshearPythonMethod : ExternalToolMethod
    {
        private readonly Func<Volume3D, CancellationToken, Mask3D>? _brainMask;

        public QuickshearPythonMethod(ExternalToolOptions options, Func<Volume3D, CancellationToken, Mask3D>? brainMaskProvider, double bufferMm = 10.0)
            : base("QuickshearPython", options)
        {
            if (double.IsNaN(bufferMm) || bufferMm < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bufferMm), "The buffer must be a non-negative distance in mm.");
            }
            _brainMask = brainMaskProvider;
            BufferMm = bufferMm;
        }

        public double BufferMm { get; }

        /// <summary>
        /// mm to voxels: quickshear shifts its line in the sagittal (A-P, S-I) index plane, so the mean voxel size of the
        /// two voxel axes that are not mostly left-right is used.
        /// </summary>
        public static double BufferInVoxels(Volume3D volume, double bufferMm)
        {
            int lr = 0;
            double best = -1;
            for (int axis = 0; axis < 3; axis++)
            {
                double share = Math.Abs(volume.Affine[0, axis]) / volume.Affine.ColumnNorm(axis);
                if (share > best)
                {
                    best = share;
                    lr = axis;
                }
            }
            double sum = 0;
            for (int axis = 0; axis < 3; axis++)
            {
                if (axis != lr)
                {
                    sum += volume.Affine.ColumnNorm(axis);
                }
            }
            return bufferMm / (sum / 2);
        }

        private protected override ToolCommand BuildCommand(ToolWorkspace ws, CancellationToken cancellationToken)
        {
            if (_brainMask == null)
            {
                throw new ExternalToolException(Name, Descriptor.Executable, ExternalToolErrorKind.InvalidOptions,
                    "QuickshearPython needs a brain mask provider (Defacer's skull-stripping or a -BrainMask).");
            }
            var mask = _brainMask(ws.Input, cancellationToken);
            if (mask.Nx != ws.Input.Nx || mask.Ny != ws.Input.Ny || mask.Nz != ws.Input.Nz)
            {
                throw new ExternalToolException(Name, Descriptor.Executable, ExternalToolErrorKind.InvalidOptions,
                    $"The brain mask ({mask.Nx}x{mask.Ny}x{mask.Nz}) is not on the image's grid ({ws.Input.Nx}x{ws.Input.Ny}x{ws.Input.Nz}).");
            }
            // Written with the image's own affine so quickshear's shape/affine equality check passes.
            var maskPath = ws.PathOf("brainmask.nii.gz");
            WriteMask(new Mask3D(mask.Nx, mask.Ny, mask.Nz, mask.Data, ws.Input.Affine), maskPath);
            var output = ws.PathOf("defaced.nii.gz");
            double voxels = BufferInVoxels(ws.Input, BufferMm);
            var cmd = new ToolCommand(new[] { ws.InputPath, maskPath, output, Number(voxels) }, output, RemovalRule.ZeroedVoxels);
            cmd.Brain = new Mask3D(mask.Nx, mask.Ny, mask.Nz, mask.Data, ws.Input.Affine);
            cmd.Details["BufferMm"] = BufferMm;
            cmd.Details["BufferVoxels"] = Math.Round(voxels, 6);
            cmd.Details["BrainMaskVoxels"] = mask.Count();
            return cmd;
        }
    }
}
