using System;
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
            // The profile samples read the image through a pointer: no bounds checks (Sample stays inside the grid).
            fixed (float* data = _data)
            {
                EvolveCore(data, iterations, fractionalThreshold, t2, t, tm, tb, tdark, cancellationToken);
            }
        }

        private unsafe void EvolveCore(float* data, int iterations, double fractionalThreshold, double t2, double t, double tm, double tb, double tdark, CancellationToken cancellationToken)
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
                    var nb = _sphere.Neighbours[i];
                    double mx = 0, my = 0, mz = 0;
                    foreach (int j in nb)
                    {
                        mx += _px[j]; my += _py[j]; mz += _pz[j];
                    }
                    double sxv = mx / nb.Length - _px[i], syv = my / nb.Length - _py[i], szv = mz / nb.Length - _pz[i];
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
                        double v = Sample(data, _px[i] - d * _nx[i], _py[i] - d * _ny[i], _pz[i] - d * _nz[i]);
                        if (d == 0) atVertex = v;
                        if (v < imin) imin = v;
                        if (d <= d2 && v > imax) imax = v;
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
            foreach (var tri in _sphere.Triangles)
            {
                int a = tri[0], b = tri[1], c = tri[2];
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
            int count = 0;
            for (int i = 0; i < _px.Length; i++)
            {
                foreach (int j in _sphere.Neighbours[i])
                {
                    if (j > i)
                    {
                        sum += Dist(i, j);
                        count++;
                    }
                }
            }
            return sum / count;
        }

        // Trilinear interpolation at a point in grid millimetres; 0 outside the grid. This runs about 15 million times
        // per brain (12 samples per vertex and step), so the grid's sizes and strides are cached in fields.
        private unsafe double Sample(float* d, double xmm, double ymm, double zmm)
        {
            double x = xmm / _sx, y = ymm / _sy, z = zmm / _sz;
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
    }
}
