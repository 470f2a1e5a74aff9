using System;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// A 0/1 mask in template space whose edge slices on chosen sides continue without end: a point beyond such a side
    /// reads the edge slice, a point beyond any other side reads 0.
    /// <para>
    /// Why: the face masks of the MNI152/avg152 templates end just below the nose, and a registration that fits the
    /// cranium places a subject's chin anywhere from 50 to more than 120 mm below that edge (an affine fitted to the
    /// skull extrapolates poorly to the jaw, and a head pitched back moves the chin further). Any fixed extension of
    /// the grid is a guess that some head defeats; an open side is not.
    /// </para>
    /// </summary>
    public sealed class OpenEdgeMask
    {
        private readonly bool[] _openLow = new bool[3];
        private readonly bool[] _openHigh = new bool[3];
        private readonly Lazy<float[]> _values;

        /// <summary>Wraps <paramref name="mask"/>; <paramref name="openWorldSides"/> lists the sides that continue, as
        /// (world axis 0 = x/R, 1 = y/A, 2 = z/S; true = the side towards the world axis' positive direction).</summary>
        public OpenEdgeMask(Mask3D mask, params (int WorldAxis, bool Positive)[] openWorldSides)
        {
            Mask = mask ?? throw new ArgumentNullException(nameof(mask));
            var o = Orientation.FromAffine(mask.Affine);
            foreach (var (worldAxis, positive) in openWorldSides ?? Array.Empty<(int, bool)>())
            {
                if (worldAxis < 0 || worldAxis > 2)
                {
                    throw new ArgumentOutOfRangeException(nameof(openWorldSides), "World axes are 0, 1 and 2.");
                }
                int axis = Array.IndexOf(o.WorldAxis, worldAxis);
                // The index grows towards the world axis' positive direction unless the voxel axis is flipped.
                if (positive != o.Flipped[axis])
                {
                    _openHigh[axis] = true;
                }
                else
                {
                    _openLow[axis] = true;
                }
            }
            _values = new Lazy<float[]>(() => Resampler.MaskToVolume(Mask).Data);
        }

        /// <summary>The mask on its own grid.</summary>
        public Mask3D Mask { get; }

        /// <summary>True when the low-index (<paramref name="high"/> false) or high-index side of voxel axis
        /// <paramref name="axis"/> continues without end.</summary>
        public bool IsOpen(int axis, bool high) => high ? _openHigh[axis] : _openLow[axis];

        /// <summary>Number of voxels set on the mask's own grid.</summary>
        public long Count() => Mask.Count();

        /// <summary>
        /// The mask carried into the grid (<paramref name="nx"/>, <paramref name="ny"/>, <paramref name="nz"/>,
        /// <paramref name="targetAffine"/>) through <paramref name="targetToMaskWorld"/> (target world mm to the mask's
        /// world mm): trilinear, kept where at least 0.5. Row by row, without a full-size float image.
        /// </summary>
        public Mask3D CarryInto(int nx, int ny, int nz, Affine targetAffine, Affine targetToMaskWorld)
        {
            var result = new Mask3D(nx, ny, nz, targetAffine);
            var v2v = Resampler.VoxelToVoxel(targetAffine, targetToMaskWorld, Mask.Affine);
            double dx = v2v[0, 0], dy = v2v[1, 0], dz = v2v[2, 0];
            int mx = Mask.Nx, my = Mask.Ny, mz = Mask.Nz;
            double hx = mx - 1, hy = my - 1, hz = mz - 1;
            var src = _values.Value;
            var data = result.Data;
            bool lx = _openLow[0], ly = _openLow[1], lz = _openLow[2], ux = _openHigh[0], uy = _openHigh[1], uz = _openHigh[2];
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    var start = v2v.Apply(0, y, z);
                    long o = (long)nx * (y + (long)ny * z);
                    for (int x = 0; x < nx; x++)
                    {
                        // Same arithmetic as the resampler's rows (from the row start, not accumulated).
                        double px = start.X + x * dx, py = start.Y + x * dy, pz = start.Z + x * dz;
                        // An open side reads its edge slice however far beyond it the point lies.
                        if (lx && px < 0) px = 0; else if (ux && px > hx) px = hx;
                        if (ly && py < 0) py = 0; else if (uy && py > hy) py = hy;
                        if (lz && pz < 0) pz = 0; else if (uz && pz > hz) pz = hz;
                        if (Resampler.SampleLinear(src, mx, my, mz, px, py, pz, 0f) >= 0.5f)
                        {
                            data[o + x] = 1;
                        }
                    }
                }
            }
            return result;
        }

        /// <summary>The mask carried into the grid of <paramref name="target"/>; see the other overload.</summary>
        public Mask3D CarryInto(Volume3D target, Affine targetToMaskWorld)
        {
            if (target == null)
            {
                throw new ArgumentNullException(nameof(target));
            }
            return CarryInto(target.Nx, target.Ny, target.Nz, target.Affine, targetToMaskWorld);
        }
    }
}
