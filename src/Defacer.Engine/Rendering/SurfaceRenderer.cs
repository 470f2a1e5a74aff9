using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// Ray-cast, shaded iso-surface pictures of a head. Rays are cast in world (RAS) millimetres with an orthographic
    /// camera, so an image renders the same whatever its storage order; sampling happens on the canonical grid
    /// (<see cref="CanonicalFrame"/>) with trilinear interpolation, the first crossing of the threshold is refined by
    /// bisection and shaded (ambient + Lambert) with the normal from the intensity gradient. A coarse occupancy grid
    /// lets rays jump over air, which keeps a 1 mm head well under a second for all views.
    /// Construct once per image (it prepares the grid), then call <see cref="Render"/> per view; thread-safe for reads.
    /// </summary>
    public sealed class SurfaceRenderer
    {
        private const int BlockShift = 3; // 8-voxel blocks
        private const int Block = 1 << BlockShift;

        private readonly float[] _data;
        private readonly byte[]? _tint;
        private readonly int _nx, _ny, _nz;
        private readonly int _bx, _by, _bz;
        private readonly bool[] _occupied;
        private readonly (double X0, double Y0, double Z0, double X1, double Y1, double Z1) _box; // voxel coordinates; X1 < X0 when empty
        private readonly Affine _affine;       // canonical voxel -> world
        private readonly Affine _inverse;      // world -> canonical voxel
        private readonly double _stepMm;
        private readonly SurfaceRenderOptions _options;
        private readonly (double X, double Y, double Z)[] _corners;

        /// <summary>Prepares <paramref name="volume"/> for rendering.</summary>
        /// <exception cref="ArgumentException">The volume has fewer than 2 voxels along an axis, or the tint mask's grid differs.</exception>
        public SurfaceRenderer(Volume3D volume, SurfaceRenderOptions? options = null)
        {
            if (volume == null)
            {
                throw new ArgumentNullException(nameof(volume));
            }
            _options = options ?? new SurfaceRenderOptions();
            if (volume.Nx < 2 || volume.Ny < 2 || volume.Nz < 2)
            {
                throw new ArgumentException($"A surface render needs at least 2 voxels along each axis, got {volume.Nx}x{volume.Ny}x{volume.Nz}.", nameof(volume));
            }
            var frame = CanonicalFrame.Of(volume);
            var canonical = frame.CanonicalView(volume);
            _data = canonical.Data;
            _nx = canonical.Nx;
            _ny = canonical.Ny;
            _nz = canonical.Nz;
            _affine = canonical.Affine;
            _inverse = _affine.Inverse();
            var tintMask = _options.TintMask;
            if (tintMask != null)
            {
                if (tintMask.Nx != volume.Nx || tintMask.Ny != volume.Ny || tintMask.Nz != volume.Nz)
                {
                    throw new ArgumentException($"The tint mask grid {tintMask.Nx}x{tintMask.Ny}x{tintMask.Nz} differs from the volume grid {volume.Nx}x{volume.Ny}x{volume.Nz}.", nameof(options));
                }
                _tint = frame.CanonicalView(tintMask).Data;
            }
            Threshold = _options.Threshold ?? SurfaceThreshold.Estimate(volume);
            double minSpacing = Math.Min(_affine.ColumnNorm(0), Math.Min(_affine.ColumnNorm(1), _affine.ColumnNorm(2)));
            _stepMm = Math.Max(1e-3, minSpacing * _options.StepFraction);

            _bx = (_nx + Block - 1) >> BlockShift;
            _by = (_ny + Block - 1) >> BlockShift;
            _bz = (_nz + Block - 1) >> BlockShift;
            _occupied = BuildOccupancy((float)Threshold);
            _box = OccupiedBox();

            _corners = new (double, double, double)[8];
            double[] lo = { double.MaxValue, double.MaxValue, double.MaxValue }, hi = { double.MinValue, double.MinValue, double.MinValue };
            for (int c = 0; c < 8; c++)
            {
                var w = _affine.Apply((c & 1) != 0 ? _nx - 1 : 0, (c & 2) != 0 ? _ny - 1 : 0, (c & 4) != 0 ? _nz - 1 : 0);
                _corners[c] = w;
                double[] a = { w.X, w.Y, w.Z };
                for (int k = 0; k < 3; k++)
                {
                    lo[k] = Math.Min(lo[k], a[k]);
                    hi[k] = Math.Max(hi[k], a[k]);
                }
            }
            double largest = Math.Max(hi[0] - lo[0], Math.Max(hi[1] - lo[1], hi[2] - lo[2]));
            PixelSizeMm = _options.PixelSizeMm ?? Math.Max(0.5, largest / Math.Max(16, _options.TargetImageSize));
        }

        /// <summary>Renders the binary surface of a mask (e.g. a brain mask) at level 0.5.</summary>
        public static SurfaceRenderer ForMask(Mask3D mask, SurfaceRenderOptions? options = null)
        {
            var v = new Volume3D(mask.Nx, mask.Ny, mask.Nz, mask.Affine);
            for (int i = 0; i < v.Data.Length; i++)
            {
                v.Data[i] = mask.Data[i] != 0 ? 1f : 0f;
            }
            var o = options ?? new SurfaceRenderOptions();
            o.Threshold = 0.5;
            return new SurfaceRenderer(v, o);
        }

        /// <summary>Pixel size in mm of the renders (given or chosen from the field of view).</summary>
        public double PixelSizeMm { get; }

        /// <summary>The iso-surface level in use (given or estimated).</summary>
        public double Threshold { get; }

        /// <summary>The camera basis of a view in RAS: screen right, screen up, and the viewing direction (into the screen).</summary>
        public static ((double X, double Y, double Z) Right, (double X, double Y, double Z) Up, (double X, double Y, double Z) Forward) Camera(SurfaceView view)
        {
            (double, double, double) up = (0, 0, 1);
            (double, double, double) forward;
            switch (view)
            {
                case SurfaceView.Front:
                    forward = (0, -1, 0);
                    break;
                case SurfaceView.Left:
                    forward = (1, 0, 0);
                    break;
                case SurfaceView.Right:
                    forward = (-1, 0, 0);
                    break;
                case SurfaceView.ThreeQuarter:
                    forward = (Math.Sqrt(0.5), -Math.Sqrt(0.5), 0);
                    break;
                case SurfaceView.Top:
                    forward = (0, 0, -1);
                    up = (0, 1, 0);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(view), view, "Unknown view.");
            }
            // Screen right = forward x up keeps a right-handed camera (no mirror image).
            var right = Cross(forward, up);
            return (right, up, forward);
        }

        /// <summary>Renders one view.</summary>
        public RgbImage Render(SurfaceView view)
        {
            var (right, up, forward) = Camera(view);

            // Frame the whole field of view: project the grid's corners on the camera axes.
            double rMin = double.MaxValue, rMax = double.MinValue, uMin = double.MaxValue, uMax = double.MinValue, fMin = double.MaxValue;
            foreach (var c in _corners)
            {
                double r = Dot(c, right), u = Dot(c, up), f = Dot(c, forward);
                rMin = Math.Min(rMin, r);
                rMax = Math.Max(rMax, r);
                uMin = Math.Min(uMin, u);
                uMax = Math.Max(uMax, u);
                fMin = Math.Min(fMin, f);
            }
            double extent = Math.Max(rMax - rMin, uMax - uMin);
            double pixel = Math.Max(PixelSizeMm, extent / Math.Max(16, _options.MaxImageSize));
            // Rounding (not ceiling) keeps the size stable against 1e-12 differences between storage orders.
            int width = Math.Max(1, (int)Math.Round((rMax - rMin) / pixel));
            int height = Math.Max(1, (int)Math.Round((uMax - uMin) / pixel));
            double rCentre = 0.5 * (rMin + rMax), uCentre = 0.5 * (uMin + uMax);

            // Ray direction in voxel units per mm, and the light (a headlight from the viewer's upper left).
            var dv = _inverse.ApplyToVector(forward.X, forward.Y, forward.Z);
            var light = Normalize((-forward.X + 0.35 * up.X - 0.3 * right.X, -forward.Y + 0.35 * up.Y - 0.3 * right.Y, -forward.Z + 0.35 * up.Z - 0.3 * right.Z));

            // Where each pixel's ray can first reach an occupied block: rays that reach none are not cast at all, and
            // the others start there instead of hopping through the empty blocks in front of the head one by one.
            double rayStartF = fMin - 1;
            var entry = EntryDistances(width, height, rCentre, uCentre, pixel, right, up, forward, rayStartF);

            var image = new RgbImage(width, height);
            byte bg = _options.Background;
            image.Fill(bg, bg, bg);
            var px = image.Rgb;
            var surface = _options.SurfaceColor;
            var tint = _options.TintColor;
            for (int y = 0; y < height; y++)
            {
                double u = uCentre + (height * 0.5 - y - 0.5) * pixel;
                for (int x = 0; x < width; x++)
                {
                    double start = entry[x + width * y];
                    if (double.IsPositiveInfinity(start))
                    {
                        continue;
                    }
                    double r = rCentre + (x + 0.5 - width * 0.5) * pixel;
                    double f = rayStartF;
                    var world = (right.X * r + up.X * u + forward.X * f, right.Y * r + up.Y * u + forward.Y * f, right.Z * r + up.Z * u + forward.Z * f);
                    var o = _inverse.Apply(world.Item1, world.Item2, world.Item3);
                    if (!CastRay(o, dv, start, out double hx, out double hy, out double hz))
                    {
                        continue;
                    }
                    double shade = Shade(hx, hy, hz, light);
                    var colour = surface;
                    if (_tint != null && IsTinted(hx + dv.X, hy + dv.Y, hz + dv.Z))
                    {
                        colour = tint;
                    }
                    int p = 3 * (x + width * y);
                    px[p] = ToByte(colour.R * shade);
                    px[p + 1] = ToByte(colour.G * shade);
                    px[p + 2] = ToByte(colour.B * shade);
                }
            }
            return image;
        }

        // For every pixel, a distance along its ray (mm from the ray's start, at depth rayStartF) before which the ray
        // meets no occupied block, or +infinity when it meets none: each occupied block's eight corners are projected on
        // the screen and the pixels of their bounding rectangle (one pixel wider each way, for rounding) take the
        // block's nearest depth, less a micrometre. A block lies inside the hull of its corners, so both are conservative.
        private double[] EntryDistances(int width, int height, double rCentre, double uCentre, double pixel,
            (double X, double Y, double Z) right, (double X, double Y, double Z) up, (double X, double Y, double Z) forward, double rayStartF)
        {
            var entry = new double[width * height];
            for (int i = 0; i < entry.Length; i++)
            {
                entry[i] = double.PositiveInfinity;
            }
            // Camera coordinates of voxel (0, 0, 0) and of one voxel step along each grid axis.
            var origin = _affine.Apply(0, 0, 0);
            var ax = _affine.ApplyToVector(1, 0, 0);
            var ay = _affine.ApplyToVector(0, 1, 0);
            var az = _affine.ApplyToVector(0, 0, 1);
            double r0 = Dot(origin, right), u0 = Dot(origin, up), f0 = Dot(origin, forward);
            double rx = Dot(ax, right), ry = Dot(ay, right), rz = Dot(az, right);
            double ux = Dot(ax, up), uy = Dot(ay, up), uz = Dot(az, up);
            double fx = Dot(ax, forward), fy = Dot(ay, forward), fz = Dot(az, forward);
            // A block spans Block voxels along each axis from its first corner: the extent of its projection is the sum
            // of the per-axis extents.
            double rSpan = Block * (Math.Abs(rx) + Math.Abs(ry) + Math.Abs(rz));
            double uSpan = Block * (Math.Abs(ux) + Math.Abs(uy) + Math.Abs(uz));
            double rLow = Block * (Math.Min(0, rx) + Math.Min(0, ry) + Math.Min(0, rz));
            double uLow = Block * (Math.Min(0, ux) + Math.Min(0, uy) + Math.Min(0, uz));
            double fLow = Block * (Math.Min(0, fx) + Math.Min(0, fy) + Math.Min(0, fz));
            for (int bz = 0; bz < _bz; bz++)
            for (int by = 0; by < _by; by++)
            for (int bx = 0; bx < _bx; bx++)
            {
                if (!_occupied[bx + _bx * (by + _by * bz)])
                {
                    continue;
                }
                double vx = bx * Block, vy = by * Block, vz = bz * Block;
                double rMin = r0 + rx * vx + ry * vy + rz * vz + rLow;
                double uMin = u0 + ux * vx + uy * vy + uz * vz + uLow;
                double depth = f0 + fx * vx + fy * vy + fz * vz + fLow - rayStartF - 1e-3;
                // Pixel x has r = rCentre + (x + 0.5 - width / 2) pixel; pixel y has u = uCentre + (height / 2 - y - 0.5) pixel.
                int x0 = Math.Max(0, (int)Math.Floor((rMin - rCentre) / pixel + width * 0.5 - 0.5) - 1);
                int x1 = Math.Min(width - 1, (int)Math.Ceiling((rMin + rSpan - rCentre) / pixel + width * 0.5 - 0.5) + 1);
                int y0 = Math.Max(0, (int)Math.Floor(height * 0.5 - 0.5 - (uMin + uSpan - uCentre) / pixel) - 1);
                int y1 = Math.Min(height - 1, (int)Math.Ceiling(height * 0.5 - 0.5 - (uMin - uCentre) / pixel) + 1);
                for (int y = y0; y <= y1; y++)
                {
                    int row = width * y;
                    for (int x = x0; x <= x1; x++)
                    {
                        if (depth < entry[row + x])
                        {
                            entry[row + x] = depth;
                        }
                    }
                }
            }
            return entry;
        }

        // Marches from o (voxel coordinates) along dv (voxels per mm) and returns the first point at or above the
        // threshold, refined by bisection.
        private bool CastRay((double X, double Y, double Z) o, (double X, double Y, double Z) dv, double start, out double hx, out double hy, out double hz)
        {
            hx = hy = hz = 0;
            double t0 = 0, t1 = double.MaxValue;
            if (!Clip(o.X, dv.X, _nx - 1, ref t0, ref t1) || !Clip(o.Y, dv.Y, _ny - 1, ref t0, ref t1) || !Clip(o.Z, dv.Z, _nz - 1, ref t0, ref t1))
            {
                return false;
            }
            // Every point the march tests lies in an occupied block, so only the part of the ray inside the box around
            // them is marched: rays that miss the head cost nothing and the others skip the air in front of it.
            if (!Clip(o.X - _box.X0, dv.X, _box.X1 - _box.X0, ref t0, ref t1) || !Clip(o.Y - _box.Y0, dv.Y, _box.Y1 - _box.Y0, ref t0, ref t1)
                || !Clip(o.Z - _box.Z0, dv.Z, _box.Z1 - _box.Z0, ref t0, ref t1))
            {
                return false;
            }
            float thr = (float)Threshold;
            // No point before `start` lies in an occupied block, so none of them is tested.
            double t = Math.Max(t0, start);
            double tPrev = t;
            while (t <= t1)
            {
                double x = o.X + t * dv.X, y = o.Y + t * dv.Y, z = o.Z + t * dv.Z;
                int bx = Math.Min(_bx - 1, Math.Max(0, (int)x >> BlockShift));
                int by = Math.Min(_by - 1, Math.Max(0, (int)y >> BlockShift));
                int bz = Math.Min(_bz - 1, Math.Max(0, (int)z >> BlockShift));
                if (!_occupied[bx + _bx * (by + _by * bz)])
                {
                    // Jump to where the ray leaves this block of air.
                    double exit = BlockExit(x, dv.X, bx);
                    exit = Math.Min(exit, BlockExit(y, dv.Y, by));
                    exit = Math.Min(exit, BlockExit(z, dv.Z, bz));
                    tPrev = t + exit;
                    t = tPrev + 1e-6;
                    continue;
                }
                if (Sample(x, y, z) >= thr)
                {
                    double lo = Math.Max(t0, Math.Min(tPrev, t - _stepMm)), hi = t;
                    for (int i = 0; i < 6; i++)
                    {
                        double mid = 0.5 * (lo + hi);
                        if (Sample(o.X + mid * dv.X, o.Y + mid * dv.Y, o.Z + mid * dv.Z) >= thr)
                        {
                            hi = mid;
                        }
                        else
                        {
                            lo = mid;
                        }
                    }
                    hx = o.X + hi * dv.X;
                    hy = o.Y + hi * dv.Y;
                    hz = o.Z + hi * dv.Z;
                    return true;
                }
                tPrev = t;
                t += _stepMm;
            }
            return false;
        }

        // Distance (in mm along the ray) from coordinate c to the far face of block b along one axis.
        private static double BlockExit(double c, double d, int b)
        {
            if (d > 1e-12)
            {
                return ((b + 1) * Block - c) / d;
            }
            if (d < -1e-12)
            {
                return (b * Block - c) / d;
            }
            return double.MaxValue;
        }

        // Slab clipping of the ray o + t d against [0, max] on one axis.
        private static bool Clip(double o, double d, double max, ref double t0, ref double t1)
        {
            if (Math.Abs(d) < 1e-12)
            {
                return o >= 0 && o <= max;
            }
            double a = (0 - o) / d, b = (max - o) / d;
            if (a > b)
            {
                var s = a;
                a = b;
                b = s;
            }
            t0 = Math.Max(t0, a);
            t1 = Math.Min(t1, b);
            return t0 <= t1;
        }

        private double Shade(double x, double y, double z, (double X, double Y, double Z) light)
        {
            // Central differences one voxel apart, in voxel units, then to world: grad_w = A^-T grad_v.
            double gx = Sample(x + 1, y, z) - Sample(x - 1, y, z);
            double gy = Sample(x, y + 1, z) - Sample(x, y - 1, z);
            double gz = Sample(x, y, z + 1) - Sample(x, y, z - 1);
            double wx = _inverse[0, 0] * gx + _inverse[1, 0] * gy + _inverse[2, 0] * gz;
            double wy = _inverse[0, 1] * gx + _inverse[1, 1] * gy + _inverse[2, 1] * gz;
            double wz = _inverse[0, 2] * gx + _inverse[1, 2] * gy + _inverse[2, 2] * gz;
            double norm = Math.Sqrt(wx * wx + wy * wy + wz * wz);
            if (norm < 1e-20)
            {
                return 0.6;
            }
            // The outward normal points down the gradient (tissue is brighter than air).
            double lambert = -(wx * light.X + wy * light.Y + wz * light.Z) / norm;
            return 0.22 + 0.78 * Math.Max(0, lambert);
        }

        private bool IsTinted(double x, double y, double z)
        {
            int ix = (int)Math.Round(x), iy = (int)Math.Round(y), iz = (int)Math.Round(z);
            if (ix < 0 || iy < 0 || iz < 0 || ix >= _nx || iy >= _ny || iz >= _nz)
            {
                return false;
            }
            return _tint![ix + _nx * (iy + _ny * iz)] != 0;
        }

        // Trilinear interpolation; coordinates are clamped to the grid so gradient taps at the border stay valid.
        private float Sample(double x, double y, double z)
        {
            if (x < 0) x = 0; else if (x > _nx - 1) x = _nx - 1;
            if (y < 0) y = 0; else if (y > _ny - 1) y = _ny - 1;
            if (z < 0) z = 0; else if (z > _nz - 1) z = _nz - 1;
            int ix = Math.Min((int)x, _nx - 2), iy = Math.Min((int)y, _ny - 2), iz = Math.Min((int)z, _nz - 2);
            float fx = (float)(x - ix), fy = (float)(y - iy), fz = (float)(z - iz);
            int sy = _nx, sz = _nx * _ny;
            int i = ix + sy * iy + sz * iz;
            var d = _data;
            float c00 = d[i] + (d[i + 1] - d[i]) * fx;
            float c10 = d[i + sy] + (d[i + sy + 1] - d[i + sy]) * fx;
            float c01 = d[i + sz] + (d[i + sz + 1] - d[i + sz]) * fx;
            float c11 = d[i + sy + sz] + (d[i + sy + sz + 1] - d[i + sy + sz]) * fx;
            float c0 = c00 + (c10 - c00) * fy;
            float c1 = c01 + (c11 - c01) * fy;
            return c0 + (c1 - c0) * fz;
        }

        // A block is occupied when any voxel a sample inside it can touch (its own voxels plus the next layer on
        // the upper side, for interpolation) reaches the threshold.
        private bool[] BuildOccupancy(float threshold)
        {
            var occ = new bool[_bx * _by * _bz];
            var d = _data;
            // Per row of voxels, which blocks along x it touches (x in [8 bx, 8 bx + 8]); a block's test stops at the
            // first voxel at or above the threshold, so tissue costs about one comparison per block instead of
            // marking up to eight blocks per voxel. The row's blocks then go to the one or two block rows along y and
            // z that hold it.
            var rowHit = new bool[_bx];
            for (int z = 0; z < _nz; z++)
            {
                int bz0 = z >> BlockShift, bz1 = (z & (Block - 1)) == 0 && z > 0 ? bz0 - 1 : bz0;
                for (int y = 0; y < _ny; y++)
                {
                    int by0 = y >> BlockShift, by1 = (y & (Block - 1)) == 0 && y > 0 ? by0 - 1 : by0;
                    int row = _nx * (y + _ny * z);
                    bool any = false;
                    for (int bx = 0; bx < _bx; bx++)
                    {
                        int x0 = row + (bx << BlockShift), x1 = row + Math.Min(_nx - 1, (bx << BlockShift) + Block);
                        bool hit = false;
                        for (int i = x0; i <= x1; i++)
                        {
                            if (d[i] >= threshold)
                            {
                                hit = true;
                                break;
                            }
                        }
                        rowHit[bx] = hit;
                        any |= hit;
                    }
                    if (!any)
                    {
                        continue;
                    }
                    for (int bz = bz1; bz <= bz0; bz++)
                    for (int by = by1; by <= by0; by++)
                    {
                        int b = _bx * (by + _by * bz);
                        for (int bx = 0; bx < _bx; bx++)
                        {
                            if (rowHit[bx])
                            {
                                occ[b + bx] = true;
                            }
                        }
                    }
                }
            }
            return occ;
        }

        // The voxel-coordinate box holding every point of every occupied block (clamped to the grid).
        private (double, double, double, double, double, double) OccupiedBox()
        {
            int x0 = _bx, y0 = _by, z0 = _bz, x1 = -1, y1 = -1, z1 = -1;
            for (int bz = 0; bz < _bz; bz++)
            for (int by = 0; by < _by; by++)
            for (int bx = 0; bx < _bx; bx++)
            {
                if (_occupied[bx + _bx * (by + _by * bz)])
                {
                    x0 = Math.Min(x0, bx); x1 = Math.Max(x1, bx);
                    y0 = Math.Min(y0, by); y1 = Math.Max(y1, by);
                    z0 = Math.Min(z0, bz); z1 = Math.Max(z1, bz);
                }
            }
            if (x1 < 0)
            {
                return (0, 0, 0, -1, -1, -1);
            }
            return (x0 * Block, y0 * Block, z0 * Block,
                Math.Min(_nx - 1, (x1 + 1) * Block), Math.Min(_ny - 1, (y1 + 1) * Block), Math.Min(_nz - 1, (z1 + 1) * Block));
        }

        private static byte ToByte(double v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(v + 0.5);

        private static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

        private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
            (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

        private static (double X, double Y, double Z) Normalize((double X, double Y, double Z) a)
        {
            double n = Math.Sqrt(Dot(a, a));
            return (a.X / n, a.Y / n, a.Z / n);
        }
    }
}
