using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// A deformable brain surface after Smith's BET (Hum. Brain Mapp. 2002): a tessellated sphere starts inside the
    /// brain and moves each vertex under three forces: a tangential force that keeps vertices evenly spaced, a normal
    /// smoothing force that grows with local curvature, and an intensity force that pushes the surface out while the
    /// tissue under it is brighter than a local threshold and pulls it in where it is darker. The local threshold
    /// comes from intensities sampled along the inward normal, so a smooth bias field does not matter. Coordinates
    /// are millimetres on the grid (voxel index times spacing).
    /// </summary>
    internal sealed class BrainSurfaceModel
    {
        private const double RMin = 3.33, RMax = 10;
        private readonly Volume3D _image;
        private readonly IcoSphere _sphere;
        private readonly double _sx, _sy, _sz;
        private readonly double[] _px, _py, _pz;
        private readonly double[] _nx, _ny, _nz;

        private readonly float[] _data;
        private readonly double _lastX, _lastY, _lastZ;
        private readonly int _maxX0, _maxY0, _maxZ0, _rowStride, _planeStride, _dx, _dy, _dz;

        // The sphere's topology as flat arrays, in the same orders as its jagged ones (so every sum below adds the same
        // terms in the same order): triangle corners (3 per triangle), each vertex's neighbours (from
        // _neighbourStart[i] to _neighbourStart[i + 1]), and the edges (i, j > i) in MeanEdgeLength's order.
        private readonly int[] _corners;
        private readonly int[] _neighbourStart;
        private readonly int[] _neighbourList;
        private readonly int[] _edges;

        private readonly float[]? _headDepth2;
        private readonly float _minDepth2;

        /// <param name="image">The image, on a grid whose millimetre coordinates the model uses.</param>
        /// <param name="centreMm">Centre of the starting sphere.</param>
        /// <param name="radiusMm">Radius of the starting sphere.</param>
        /// <param name="headDepth2">Squared depth under the head surface of every voxel (mm²), or null.</param>
        /// <param name="minDepthMm">Vertices shallower than this are pulled in: scalp and skull are never thinner.</param>
        /// <param name="subdivisions">Icosahedron subdivisions (4 gives 2562 vertices, about 3.5 mm apart on a brain).</param>
        public BrainSurfaceModel(Volume3D image, (double X, double Y, double Z) centreMm, double radiusMm, float[]? headDepth2 = null, double minDepthMm = 0, int subdivisions = 4)
        {
            _image = image;
            _headDepth2 = headDepth2;
            _minDepth2 = (float)(minDepthMm * minDepthMm);
            _sx = image.Spacing.X;
            _sy = image.Spacing.Y;
            _sz = image.Spacing.Z;
            _data = image.Data;
            _lastX = image.Nx - 1; _lastY = image.Ny - 1; _lastZ = image.Nz - 1;
            _maxX0 = Math.Max(0, image.Nx - 2); _maxY0 = Math.Max(0, image.Ny - 2); _maxZ0 = Math.Max(0, image.Nz - 2);
            _rowStride = image.Nx; _planeStride = image.Nx * image.Ny;
            _dx = image.Nx > 1 ? 1 : 0; _dy = image.Ny > 1 ? _rowStride : 0; _dz = image.Nz > 1 ? _planeStride : 0;
            _sphere = IcoSphere.Create(subdivisions);
            int n = _sphere.Vertices.Length;
            _corners = new int[3 * _sphere.Triangles.Length];
            for (int t = 0; t < _sphere.Triangles.Length; t++)
            {
                _corners[3 * t] = _sphere.Triangles[t][0];
                _corners[3 * t + 1] = _sphere.Triangles[t][1];
                _corners[3 * t + 2] = _sphere.Triangles[t][2];
            }
            _neighbourStart = new int[n + 1];
            var neighbours = new System.Collections.Generic.List<int>();
            var edges = new System.Collections.Generic.List<int>();
            for (int i = 0; i < n; i++)
            {
                _neighbourStart[i] = neighbours.Count;
                foreach (int j in _sphere.Neighbours[i])
                {
                    neighbours.Add(j);
                    if (j > i)
                    {
                        edges.Add(i);
                        edges.Add(j);
                    }
                }
            }
            _neighbourStart[n] = neighbours.Count;
            _neighbourList = neighbours.ToArray();
            _edges = edges.ToArray();
            _px = new double[n]; _py = new double[n]; _pz = new double[n];
            _nx = new double[n]; _ny = new double[n]; _nz = new double[n];
            for (int i = 0; i < n; i++)
            {
                var u = _sphere.Vertices[i];
                _px[i] = centreMm.X + radiusMm * u[0];
                _py[i] = centreMm.Y + radiusMm * u[1];
                _pz[i] = centreMm.Z + radiusMm * u[2];
            }
        }

        /// <summary>
        /// Runs the evolution. <paramref name="t2"/>, <paramref name="t"/>, <paramref name="tm"/>: BET's robust minimum,
        /// background threshold and brain median. <paramref name="tb"/>: a vertex on tissue brighter than this (fat) is
        /// pulled in like one on background, which BET lacks: its threshold is a lower bound only.
        /// <paramref name="tdark"/>: the darkest brain tissue; the local threshold never goes below it (0: BET's rule alone).
        /// </summary>
        public unsafe void Evolve(int iterations, double fractionalThreshold, double t2, double t, double tm, double tb, double tdark, CancellationToken cancellationToken)
        {
            // The profile samples (11 per vertex and step, about 14 million per strip) are most of the strip's time.
            // Two faster variants give the same result to the last bit where they apply, and the struct type arguments
            // compile each combination on its own, with no test per sample:
            // - a spacing that is a power of two (the 2 mm working grid of 1 mm and 2 mm heads) is divided by
            //   multiplying with its inverse, which is exact there and several times cheaper than a division;
            // - on a grid of finite values no sample is NaN, and the profile's running minimum and maximum become
            //   Math.Min and Math.Max (one instruction each) instead of two data-dependent branches per sample, which
            //   the processor mispredicts; with a NaN voxel the ordered comparisons keep their meaning (NaN skipped).
            // The profile samples read the image through a pointer: no bounds checks (Sample stays inside the grid).
            double ix = ExactInverse(_sx), iy = ExactInverse(_sy), iz = ExactInverse(_sz);
            bool inverse = ix != 0 && iy != 0 && iz != 0;
            bool finite = AllFinite(_data);
            fixed (float* data = _data)
            {
                if (inverse && finite)
                {
                    EvolveCore(data, new MultiplyByInverse(ix, iy, iz), default(MinMaxOfFinite), iterations, fractionalThreshold, t2, t, tm, tb, tdark, cancellationToken);
                }
                else if (inverse)
                {
                    EvolveCore(data, new MultiplyByInverse(ix, iy, iz), default(MinMaxSkippingNaN), iterations, fractionalThreshold, t2, t, tm, tb, tdark, cancellationToken);
                }
                else if (finite)
                {
                    EvolveCore(data, new DivideBySpacing(_sx, _sy, _sz), default(MinMaxOfFinite), iterations, fractionalThreshold, t2, t, tm, tb, tdark, cancellationToken);
                }
                else
                {
                    EvolveCore(data, new DivideBySpacing(_sx, _sy, _sz), default(MinMaxSkippingNaN), iterations, fractionalThreshold, t2, t, tm, tb, tdark, cancellationToken);
                }
            }
        }

        private unsafe void EvolveCore<TScale, TExtremes>(float* data, TScale toVoxel, TExtremes extremes, int iterations, double fractionalThreshold, double t2, double t, double tm, double tb, double tdark,
            CancellationToken cancellationToken)
            where TScale : struct, IMmToVoxel
            where TExtremes : struct, IRunningExtremes
        {
            int n = _px.Length;
            double e = (1 / RMin + 1 / RMax) / 2, f = 6 / (1 / RMin - 1 / RMax);
            double d1 = 20, d2 = 10;
            double step = Math.Min(_sx, Math.Min(_sy, _sz));
            step = Math.Max(step, 1);
            var ux = new double[n]; var uy = new double[n]; var uz = new double[n];
            for (int it = 0; it < iterations; it++)
            {
                if ((it & 63) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                ComputeNormals();
                double l = MeanEdgeLength();
                for (int i = 0; i < n; i++)
                {
                    int first = _neighbourStart[i], end = _neighbourStart[i + 1];
                    double mx = 0, my = 0, mz = 0;
                    for (int k = first; k < end; k++)
                    {
                        int j = _neighbourList[k];
                        mx += _px[j]; my += _py[j]; mz += _pz[j];
                    }
                    int count = end - first;
                    double sxv = mx / count - _px[i], syv = my / count - _py[i], szv = mz / count - _pz[i];
                    double dn = sxv * _nx[i] + syv * _ny[i] + szv * _nz[i];
                    double snx = dn * _nx[i], sny = dn * _ny[i], snz = dn * _nz[i];
                    double stx = sxv - snx, sty = syv - sny, stz = szv - snz;
                    // Curvature-dependent smoothing: 1/r = 2|sn|/l².
                    double rinv = 2 * Math.Abs(dn) / (l * l);
                    double f2 = 0.5 * (1 + Math.Tanh(f * (rinv - e)));

                    // Intensity force from the profile under the vertex.
                    double imin = tm, imax = t, atVertex = 0;
                    for (double d = 0; d <= d1; d += step)
                    {
                        double v = Sample(data, toVoxel, _px[i] - d * _nx[i], _py[i] - d * _ny[i], _pz[i] - d * _nz[i]);
                        if (d == 0) atVertex = v;
                        imin = extremes.Min(imin, v);
                        if (d <= d2) imax = extremes.Max(imax, v);
                    }
                    imin = Math.Max(t2, imin);
                    imax = Math.Min(tm, imax);
                    double tl = Math.Max(tdark, (imax - t2) * fractionalThreshold + t2);
                    double f3 = imax - t2 > 0 ? 2 * (imin - tl) / (imax - t2) : -1;
                    f3 = Math.Max(-1, Math.Min(1, f3));
                    if (atVertex > tb || (_headDepth2 != null && DepthBelow(_px[i], _py[i], _pz[i])))
                    {
                        f3 = -1;
                    }
                    double u3 = 0.05 * f3 * l;

                    ux[i] = 0.5 * stx + f2 * snx + u3 * _nx[i];
                    uy[i] = 0.5 * sty + f2 * sny + u3 * _ny[i];
                    uz[i] = 0.5 * stz + f2 * snz + u3 * _nz[i];
                }
                for (int i = 0; i < n; i++)
                {
                    _px[i] += ux[i]; _py[i] += uy[i]; _pz[i] += uz[i];
                }
            }
        }

        /// <summary>The voxels inside the surface, on the model's grid: surface voxels marked, then the outside flood-filled.</summary>
        public Mask3D ToMask()
        {
            var img = _image;
            var shell = new Mask3D(img.Nx, img.Ny, img.Nz, img.Affine);
            double h = 0.5 * Math.Min(_sx, Math.Min(_sy, _sz));
            foreach (var tri in _sphere.Triangles)
            {
                int a = tri[0], b = tri[1], c = tri[2];
                double lab = Dist(a, b), lac = Dist(a, c), lbc = Dist(b, c);
                int steps = Math.Max(1, (int)Math.Ceiling(Math.Max(lab, Math.Max(lac, lbc)) / h));
                for (int p = 0; p <= steps; p++)
                {
                    for (int q = 0; q <= steps - p; q++)
                    {
                        double wb = (double)p / steps, wc = (double)q / steps, wa = 1 - wb - wc;
                        double x = wa * _px[a] + wb * _px[b] + wc * _px[c];
                        double y = wa * _py[a] + wb * _py[b] + wc * _py[c];
                        double z = wa * _pz[a] + wb * _pz[b] + wc * _pz[c];
                        int i = (int)Math.Round(x / _sx), j = (int)Math.Round(y / _sy), k = (int)Math.Round(z / _sz);
                        if (img.Contains(i, j, k))
                        {
                            shell.Data[img.Index(i, j, k)] = 1;
                        }
                    }
                }
            }
            return Morphology.FillHoles(shell);
        }

        /// <summary>
        /// The share of vertices held by the minimum depth (less than <paramref name="slackMm"/> deeper than it): near 0
        /// on a head, where skull and CSF stop the surface first, near 1 on a skull-stripped image, whose head surface is
        /// the brain surface. 0 without a depth map.
        /// </summary>
        public double FractionAtMinimumDepth(double slackMm)
        {
            if (_headDepth2 == null)
            {
                return 0;
            }
            double limit = Math.Sqrt(_minDepth2) + slackMm;
            float limit2 = (float)(limit * limit);
            int held = 0;
            for (int v = 0; v < _px.Length; v++)
            {
                int i = (int)Math.Round(_px[v] / _sx), j = (int)Math.Round(_py[v] / _sy), k = (int)Math.Round(_pz[v] / _sz);
                if (!_image.Contains(i, j, k) || _headDepth2[_image.Index(i, j, k)] < limit2)
                {
                    held++;
                }
            }
            return (double)held / _px.Length;
        }

        // True when the point lies outside the grid or less than the minimum depth under the head surface.
        private bool DepthBelow(double xmm, double ymm, double zmm)
        {
            int i = (int)Math.Round(xmm / _sx), j = (int)Math.Round(ymm / _sy), k = (int)Math.Round(zmm / _sz);
            if (!_image.Contains(i, j, k))
            {
                return false;
            }
            return _headDepth2![_image.Index(i, j, k)] < _minDepth2;
        }

        // 1/s when s is a power of two (then x * (1/s) == x / s exactly for every x that is not subnormal), else 0.
        private static double ExactInverse(double s)
        {
            long bits = BitConverter.DoubleToInt64Bits(s);
            int exponent = (int)((bits >> 52) & 0x7FF);
            // Positive, normal (exponent field neither 0 nor all ones) and an all-zero mantissa; its inverse is normal too.
            bool powerOfTwo = s > 0 && exponent != 0 && exponent != 0x7FF && (bits & 0xFFFFFFFFFFFFFL) == 0;
            return powerOfTwo && exponent > 1 && exponent < 0x7FE ? 1 / s : 0;
        }

        private static bool AllFinite(float[] data)
        {
            foreach (float v in data)
            {
                if (v - v != 0)
                {
                    return false; // NaN or infinite
                }
            }
            return true;
        }

        private double Dist(int a, int b)
        {
            double dx = _px[a] - _px[b], dy = _py[a] - _py[b], dz = _pz[a] - _pz[b];
            return Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }

        private void ComputeNormals()
        {
            Array.Clear(_nx, 0, _nx.Length);
            Array.Clear(_ny, 0, _ny.Length);
            Array.Clear(_nz, 0, _nz.Length);
            var corners = _corners;
            for (int t = 0; t < corners.Length; t += 3)
            {
                int a = corners[t], b = corners[t + 1], c = corners[t + 2];
                double abx = _px[b] - _px[a], aby = _py[b] - _py[a], abz = _pz[b] - _pz[a];
                double acx = _px[c] - _px[a], acy = _py[c] - _py[a], acz = _pz[c] - _pz[a];
                double cx = aby * acz - abz * acy, cy = abz * acx - abx * acz, cz = abx * acy - aby * acx;
                _nx[a] += cx; _ny[a] += cy; _nz[a] += cz;
                _nx[b] += cx; _ny[b] += cy; _nz[b] += cz;
                _nx[c] += cx; _ny[c] += cy; _nz[c] += cz;
            }
            for (int i = 0; i < _nx.Length; i++)
            {
                double len = Math.Sqrt(_nx[i] * _nx[i] + _ny[i] * _ny[i] + _nz[i] * _nz[i]);
                if (len > 0)
                {
                    _nx[i] /= len; _ny[i] /= len; _nz[i] /= len;
                }
            }
        }

        private double MeanEdgeLength()
        {
            double sum = 0;
            var edges = _edges;
            for (int e = 0; e < edges.Length; e += 2)
            {
                sum += Dist(edges[e], edges[e + 1]);
            }
            return sum / (edges.Length / 2);
        }

        // Trilinear interpolation at a point in grid millimetres; 0 outside the grid. This runs about 15 million times
        // per brain (12 samples per vertex and step), so the grid's sizes and strides are cached in fields.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private unsafe double Sample<TScale>(float* d, TScale toVoxel, double xmm, double ymm, double zmm) where TScale : struct, IMmToVoxel
        {
            double x = toVoxel.X(xmm), y = toVoxel.Y(ymm), z = toVoxel.Z(zmm);
            // Written so that NaN is outside too: the pointer reads below must stay on the grid.
            if (!(x >= 0 && y >= 0 && z >= 0 && x <= _lastX && y <= _lastY && z <= _lastZ))
            {
                return 0;
            }
            int x0 = (int)x, y0 = (int)y, z0 = (int)z;
            if (x0 > _maxX0) x0 = _maxX0;
            if (y0 > _maxY0) y0 = _maxY0;
            if (z0 > _maxZ0) z0 = _maxZ0;
            double tx = x - x0, ty = y - y0, tz = z - z0;
            int o = x0 + _rowStride * y0 + _planeStride * z0;
            int dx = _dx, dy = _dy, dz = _dz;
            double c00 = d[o] + tx * (d[o + dx] - d[o]);
            double c10 = d[o + dy] + tx * (d[o + dy + dx] - d[o + dy]);
            double c01 = d[o + dz] + tx * (d[o + dz + dx] - d[o + dz]);
            double c11 = d[o + dz + dy] + tx * (d[o + dz + dy + dx] - d[o + dz + dy]);
            double c0 = c00 + ty * (c10 - c00), c1 = c01 + ty * (c11 - c01);
            return c0 + tz * (c1 - c0);
        }

        /// <summary>Grid millimetres to voxel coordinates, one axis at a time.</summary>
        internal interface IMmToVoxel
        {
            double X(double mm);

            double Y(double mm);

            double Z(double mm);
        }

        private readonly struct DivideBySpacing : IMmToVoxel
        {
            private readonly double _sx, _sy, _sz;

            public DivideBySpacing(double sx, double sy, double sz)
            {
                _sx = sx; _sy = sy; _sz = sz;
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double X(double mm) => mm / _sx;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Y(double mm) => mm / _sy;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Z(double mm) => mm / _sz;
        }

        // Only for spacings that are powers of two (ExactInverse), where it equals DivideBySpacing to the last bit.
        private readonly struct MultiplyByInverse : IMmToVoxel
        {
            private readonly double _ix, _iy, _iz;

            public MultiplyByInverse(double ix, double iy, double iz)
            {
                _ix = ix; _iy = iy; _iz = iz;
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double X(double mm) => mm * _ix;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Y(double mm) => mm * _iy;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Z(double mm) => mm * _iz;
        }

        /// <summary>The running minimum and maximum of a profile.</summary>
        internal interface IRunningExtremes
        {
            double Min(double current, double sample);

            double Max(double current, double sample);
        }

        // The definition: a sample replaces the extreme only when it compares beyond it, so a NaN sample is skipped.
        private readonly struct MinMaxSkippingNaN : IRunningExtremes
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Min(double current, double sample) => sample < current ? sample : current;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Max(double current, double sample) => sample > current ? sample : current;
        }

        // Only for grids without NaN or infinite values (no sample can be NaN), where it gives MinMaxSkippingNaN's values
        // (a zero extreme may come out as -0 rather than +0, which compares and subtracts the same).
        private readonly struct MinMaxOfFinite : IRunningExtremes
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Min(double current, double sample) => Math.Min(current, sample);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public double Max(double current, double sample) => Math.Max(current, sample);
        }
    }
}
