using System;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// The face region of an original image (head voxels inside the removal region of any feature in view) and, per
    /// feature, how many head voxels its region holds and how many of them changed, all from one pass.
    /// <para>
    /// World positions are stepped along each row from the row's start, exactly as a voxel-by-voxel pass would compute
    /// them; rows whose world segment cannot reach any region (checked with a 1 mm margin, far above the rounding of
    /// the stepping) are skipped whole, which is most of the head.
    /// </para>
    /// </summary>
    internal sealed class FaceRegions
    {
        private FaceRegions(Mask3D union, int features)
        {
            Union = union;
            Voxels = new long[features];
            Changed = new long[features];
        }

        /// <summary>Head voxels inside any in-view feature's region.</summary>
        public Mask3D Union { get; }

        /// <summary>Number of voxels of <see cref="Union"/>.</summary>
        public long UnionVoxels { get; private set; }

        /// <summary>Changed voxels of <see cref="Union"/>.</summary>
        public long UnionChanged { get; private set; }

        /// <summary>Per feature (in the order given): head voxels in its region.</summary>
        public long[] Voxels { get; }

        /// <summary>Per feature: changed head voxels in its region.</summary>
        public long[] Changed { get; }

        /// <summary>Measures the regions of <paramref name="features"/> (boxes from <paramref name="region"/>) on <paramref name="volume"/>'s grid.</summary>
        public static FaceRegions Measure(Volume3D volume, Mask3D head, Mask3D changed, IReadOnlyList<FaceFeatureEvidence> features,
            Func<FaceFeatureEvidence, (double XMin, double XMax, double YMin, double YMax, double ZMin, double ZMax)> region)
        {
            int n = features.Count;
            var result = new FaceRegions(Mask3D.Like(volume), n);
            if (n == 0)
            {
                return result;
            }
            var xMin = new double[n];
            var xMax = new double[n];
            var yMin = new double[n];
            var yMax = new double[n];
            var zMin = new double[n];
            var zMax = new double[n];
            var inUnion = new bool[n];
            double[] lo = { double.MaxValue, double.MaxValue, double.MaxValue }, hi = { double.MinValue, double.MinValue, double.MinValue };
            for (int t = 0; t < n; t++)
            {
                var b = region(features[t]);
                xMin[t] = b.XMin; xMax[t] = b.XMax; yMin[t] = b.YMin; yMax[t] = b.YMax; zMin[t] = b.ZMin; zMax[t] = b.ZMax;
                inUnion[t] = features[t].State != FeatureState.OutsideFieldOfView;
                lo[0] = Math.Min(lo[0], b.XMin); hi[0] = Math.Max(hi[0], b.XMax);
                lo[1] = Math.Min(lo[1], b.YMin); hi[1] = Math.Max(hi[1], b.YMax);
                lo[2] = Math.Min(lo[2], b.ZMin); hi[2] = Math.Max(hi[2], b.ZMax);
            }
            const double margin = 1.0;
            var a = volume.Affine;
            double ax = a[0, 0], ay = a[1, 0], az = a[2, 0];
            int nx = volume.Nx;
            var h = head.Data;
            var c = changed.Data;
            var u = result.Union.Data;
            var voxels = result.Voxels;
            var changedIn = result.Changed;
            long unionVoxels = 0, unionChanged = 0;
            for (int k = 0; k < volume.Nz; k++)
            {
                for (int j = 0; j < volume.Ny; j++)
                {
                    var w = a.Apply(0, j, k);
                    int idx = nx * (j + volume.Ny * k);
                    // The row's world segment against the regions' bounding box.
                    double ex = w.X + (nx - 1) * ax, ey = w.Y + (nx - 1) * ay, ez = w.Z + (nx - 1) * az;
                    if (Math.Max(w.X, ex) < lo[0] - margin || Math.Min(w.X, ex) > hi[0] + margin ||
                        Math.Max(w.Y, ey) < lo[1] - margin || Math.Min(w.Y, ey) > hi[1] + margin ||
                        Math.Max(w.Z, ez) < lo[2] - margin || Math.Min(w.Z, ez) > hi[2] + margin)
                    {
                        continue;
                    }
                    double x = w.X, y = w.Y, z = w.Z;
                    for (int i = 0; i < nx; i++, idx++, x += ax, y += ay, z += az)
                    {
                        if (h[idx] == 0)
                        {
                            continue;
                        }
                        bool any = false;
                        bool isChanged = c[idx] != 0;
                        for (int t = 0; t < n; t++)
                        {
                            if (x >= xMin[t] && x <= xMax[t] && y >= yMin[t] && y <= yMax[t] && z >= zMin[t] && z <= zMax[t])
                            {
                                voxels[t]++;
                                if (isChanged) changedIn[t]++;
                                any |= inUnion[t];
                            }
                        }
                        if (any)
                        {
                            u[idx] = 1;
                            unionVoxels++;
                            if (isChanged) unionChanged++;
                        }
                    }
                }
            }
            result.UnionVoxels = unionVoxels;
            result.UnionChanged = unionChanged;
            return result;
        }
    }
}
