using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Phantom
{
    /// <summary>
    /// A deterministic analytic head made of ellipsoids, defined in world RAS millimetres (brain centre near the
    /// origin) and sampled at voxel centres on any grid. It has brain (grey and white matter, ventricles,
    /// cerebellum, brainstem), CSF, skull, scalp, eyes in orbital fat, nose, lips and mouth, chin, ears and a neck,
    /// with T1w-like contrast, a smooth bias field and Rician background noise. Because the anatomy lives in world
    /// space, copies sampled in other orientations, obliquities or voxel sizes show the same head.
    /// </summary>
    public static class HeadPhantom
    {
        // Ellipsoids: centre and semi-axes in mm. Sizes follow an adult head: cerebrum 130 x 164 x 116 mm,
        // 3 mm CSF, 6 mm skull and 5 mm scalp around it; the face hangs below and in front of the frontal lobes.
        private static readonly Ellipsoid s_cerebrum = new Ellipsoid(0, 0, 10, 65, 82, 58);
        private static readonly Ellipsoid s_whiteMatter = s_cerebrum.Grown(-6);
        private static readonly Ellipsoid s_ventricleL = new Ellipsoid(-9, 2, 15, 5, 24, 9);
        private static readonly Ellipsoid s_ventricleR = new Ellipsoid(9, 2, 15, 5, 24, 9);
        private static readonly Ellipsoid s_cerebellum = new Ellipsoid(0, -48, -36, 48, 30, 22);
        private static readonly Ellipsoid s_cerebellumWm = new Ellipsoid(0, -46, -34, 24, 14, 10);
        private static readonly Ellipsoid s_brainstem = new Ellipsoid(0, -18, -35, 12, 13, 35);
        private const double ForamenMagnumZ = -66;
        // Label maps (DLMUSE, FreeSurfer) end the brainstem near the cerebellum's lowest level; below it the tapering
        // medulla keeps brainstem intensity but is not labelled brain, as in the IXI label maps.
        private const double BrainstemLabelBottomZ = -58;
        private const double CordY = -22, CordRadius = 6, CanalRadius = 10;
        private const double CsfThickness = 3, SkullThickness = 6, ScalpThickness = 5;
        private static readonly Ellipsoid s_faceBlock = new Ellipsoid(0, 42, -52, 56, 54, 54);
        private const double NeckCentreY = -15, NeckRadiusX = 48, NeckRadiusY = 45, NeckTopZ = -45;
        private static readonly Ellipsoid s_eyeL = new Ellipsoid(-32, 74, -42, 12, 12, 12);
        private static readonly Ellipsoid s_eyeR = new Ellipsoid(32, 74, -42, 12, 12, 12);
        private static readonly Ellipsoid s_lensL = new Ellipsoid(-32, 84, -42, 4, 2.5, 4);
        private static readonly Ellipsoid s_lensR = new Ellipsoid(32, 84, -42, 4, 2.5, 4);
        private static readonly Ellipsoid s_orbitL = s_eyeL.Grown(4);
        private static readonly Ellipsoid s_orbitR = s_eyeR.Grown(4);
        private static readonly Ellipsoid s_nose = new Ellipsoid(0, 100, -62, 12, 15, 22);
        private static readonly Ellipsoid s_nostrilL = new Ellipsoid(-5, 106, -79, 3, 4, 4);
        private static readonly Ellipsoid s_nostrilR = new Ellipsoid(5, 106, -79, 3, 4, 4);
        private static readonly Ellipsoid s_lips = new Ellipsoid(0, 87, -88, 24, 7, 9);
        private static readonly Ellipsoid s_chin = new Ellipsoid(0, 74, -108, 30, 16, 16);
        private static readonly Ellipsoid s_mandible = new Ellipsoid(0, 72, -108, 20, 9, 9);
        private static readonly Ellipsoid s_earL = new Ellipsoid(-80, -5, -5, 7, 15, 28);
        private static readonly Ellipsoid s_earR = new Ellipsoid(80, -5, -5, 7, 15, 28);

        // World box holding the head (mm): ears, back of the scalp to the nose tip, neck to the vertex.
        private const double BoxMinX = -88, BoxMaxX = 88, BoxMinY = -97, BoxMaxY = 116, BoxMinZ = -140, BoxMaxZ = 83;

        /// <summary>Samples the phantom on a grid covering the head, built from <paramref name="options"/>.</summary>
        public static PhantomHead Create(HeadPhantomOptions? options = null)
        {
            options = options ?? new HeadPhantomOptions();
            var (nx, ny, nz, affine) = BuildGrid(options);
            return Sample(nx, ny, nz, affine, options);
        }

        /// <summary>
        /// Samples the phantom on any grid: voxel (i, j, k) gets the anatomy at world point affine·(i, j, k).
        /// Only noise, bias and intensity scale are taken from <paramref name="options"/>.
        /// </summary>
        public static PhantomHead Sample(int nx, int ny, int nz, Affine affine, HeadPhantomOptions? options = null)
        {
            options = options ?? new HeadPhantomOptions();
            long n = (long)nx * ny * nz;
            var data = new float[n];
            var tissues = new byte[n];
            var brain = new Mask3D(nx, ny, nz, affine);
            var eyes = new Mask3D(nx, ny, nz, affine);
            var eyeFronts = new Mask3D(nx, ny, nz, affine);
            var nose = new Mask3D(nx, ny, nz, affine);
            var mouth = new Mask3D(nx, ny, nz, affine);
            var chin = new Mask3D(nx, ny, nz, affine);
            var ears = new Mask3D(nx, ny, nz, affine);
            double sigma = options.NoiseFraction * 1000;
            ulong seed = (ulong)(uint)options.Seed * 0x9E3779B97F4A7C15UL;
            var step = affine.ApplyToVector(1, 0, 0);
            // Slices are independent and the noise depends only on the voxel index, so a parallel loop gives
            // the same bytes as a sequential one.
            System.Threading.Tasks.Parallel.For(0, nz, k =>
            {
                int idx = k * nx * ny;
                for (int j = 0; j < ny; j++)
                {
                    var start = affine.Apply(0, j, k);
                    for (int i = 0; i < nx; i++, idx++)
                    {
                        double x = start.X + i * step.X, y = start.Y + i * step.Y, z = start.Z + i * step.Z;
                        var t = Classify(x, y, z);
                        tissues[idx] = (byte)t;
                        if (t == PhantomTissue.WhiteMatter || t == PhantomTissue.GreyMatter || t == PhantomTissue.Ventricle
                            || t == PhantomTissue.Cerebellum || (t == PhantomTissue.Brainstem && z >= BrainstemLabelBottomZ))
                        {
                            brain.Data[idx] = 1;
                        }
                        if (t != PhantomTissue.Background)
                        {
                            eyes.Data[idx] = (byte)(s_eyeL.Contains(x, y, z) || s_eyeR.Contains(x, y, z) ? 1 : 0);
                            eyeFronts.Data[idx] = (byte)(eyes.Data[idx] != 0 && y >= s_eyeL.Cy ? 1 : 0);
                            nose.Data[idx] = (byte)(s_nose.Contains(x, y, z) ? 1 : 0);
                            mouth.Data[idx] = (byte)(s_lips.Contains(x, y, z) ? 1 : 0);
                            chin.Data[idx] = (byte)(s_chin.Contains(x, y, z) ? 1 : 0);
                            ears.Data[idx] = (byte)(s_earL.Contains(x, y, z) || s_earR.Contains(x, y, z) ? 1 : 0);
                        }
                        else if (s_nose.Contains(x, y, z) || s_lips.Contains(x, y, z))
                        {
                            // Air inside the nostrils or the mouth still belongs to the feature.
                            nose.Data[idx] = (byte)(s_nose.Contains(x, y, z) ? 1 : 0);
                            mouth.Data[idx] = (byte)(s_lips.Contains(x, y, z) ? 1 : 0);
                        }
                        double signal = Intensity(t);
                        if (signal > 0 && options.BiasFieldAmplitude != 0)
                        {
                            signal *= 1 + options.BiasFieldAmplitude * Math.Sin(0.012 * x + 0.009 * y + 0.015 * z + 0.5);
                        }
                        if (sigma > 0)
                        {
                            // Magnitude of a complex signal with Gaussian noise in both channels: Rician, as in MRI.
                            var (g1, g2) = GaussianPair(seed, (ulong)idx);
                            double re = signal + sigma * g1, im = sigma * g2;
                            signal = Math.Sqrt(re * re + im * im);
                        }
                        data[idx] = (float)(signal * options.IntensityScale);
                    }
                }
            });
            // Tissues "Background" inside nostrils/mouth: the air there is genuinely empty.
            return new PhantomHead(new Volume3D(nx, ny, nz, data, affine), tissues, brain, eyes, eyeFronts, nose, mouth, chin, ears);
        }

        /// <summary>The grid that <see cref="Create"/> samples on: the head box in the requested orientation, voxel sizes and rotation.</summary>
        public static (int Nx, int Ny, int Nz, Affine Affine) BuildGrid(HeadPhantomOptions options)
        {
            var code = (options.Orientation ?? "RAS").ToUpperInvariant();
            if (code.Length != 3)
            {
                throw new ArgumentException($"Orientation '{options.Orientation}' is not a three-letter axis code such as RAS or PSR.", nameof(options));
            }
            var worldAxis = new int[3];
            var sign = new int[3];
            var used = new bool[3];
            for (int i = 0; i < 3; i++)
            {
                switch (code[i])
                {
                    case 'R': worldAxis[i] = 0; sign[i] = 1; break;
                    case 'L': worldAxis[i] = 0; sign[i] = -1; break;
                    case 'A': worldAxis[i] = 1; sign[i] = 1; break;
                    case 'P': worldAxis[i] = 1; sign[i] = -1; break;
                    case 'S': worldAxis[i] = 2; sign[i] = 1; break;
                    case 'I': worldAxis[i] = 2; sign[i] = -1; break;
                    default: throw new ArgumentException($"Orientation '{options.Orientation}' has an unknown letter '{code[i]}'.", nameof(options));
                }
                if (used[worldAxis[i]])
                {
                    throw new ArgumentException($"Orientation '{options.Orientation}' names a world axis twice.", nameof(options));
                }
                used[worldAxis[i]] = true;
            }
            var voxel = new[] { options.VoxelSizeX, options.VoxelSizeY, options.VoxelSizeZ };
            foreach (var v in voxel)
            {
                if (!(v > 0))
                {
                    throw new ArgumentException("Voxel sizes must be positive.", nameof(options));
                }
            }

            // The grid frame g is the world rotated by R: world = R·g. Its box must hold the rotated head box.
            var rot = Rotation(options.PitchDegrees, options.RollDegrees, options.YawDegrees);
            double m = options.MarginMm;
            var lo = new[] { double.MaxValue, double.MaxValue, double.MaxValue };
            var hi = new[] { double.MinValue, double.MinValue, double.MinValue };
            for (int c = 0; c < 8; c++)
            {
                double wx = (c & 1) == 0 ? BoxMinX - m : BoxMaxX + m;
                double wy = (c & 2) == 0 ? BoxMinY - m : BoxMaxY + m;
                double wz = (c & 4) == 0 ? BoxMinZ - m : BoxMaxZ + m;
                for (int a = 0; a < 3; a++)
                {
                    // g = Rᵀ·w
                    double g = rot[0, a] * wx + rot[1, a] * wy + rot[2, a] * wz;
                    lo[a] = Math.Min(lo[a], g);
                    hi[a] = Math.Max(hi[a], g);
                }
            }
            var dims = new int[3];
            var baseM = new double[16];
            baseM[15] = 1;
            for (int i = 0; i < 3; i++)
            {
                int a = worldAxis[i];
                dims[i] = (int)Math.Ceiling((hi[a] - lo[a]) / voxel[i]) + 1;
                baseM[a * 4 + i] = sign[i] * voxel[i];
                baseM[a * 4 + 3] = sign[i] > 0 ? lo[a] : lo[a] + (dims[i] - 1) * voxel[i];
            }
            var r = new double[16];
            r[15] = 1;
            for (int a = 0; a < 3; a++)
            {
                for (int b = 0; b < 3; b++)
                {
                    r[a * 4 + b] = rot[a, b];
                }
            }
            var affine = Affine.FromRowMajor(r).Multiply(Affine.FromRowMajor(baseM));
            return (dims[0], dims[1], dims[2], affine);
        }

        /// <summary>The tissue at world point (x, y, z) in mm: the anatomy, independent of any grid.</summary>
        public static PhantomTissue Classify(double x, double y, double z)
        {
            if (x < BoxMinX || x > BoxMaxX || y < BoxMinY || y > BoxMaxY || z > BoxMaxZ)
            {
                return PhantomTissue.Background;
            }
            if (s_cerebrum.Contains(x, y, z))
            {
                if (s_ventricleL.Contains(x, y, z) || s_ventricleR.Contains(x, y, z))
                {
                    return PhantomTissue.Ventricle;
                }
                return s_whiteMatter.Contains(x, y, z) ? PhantomTissue.WhiteMatter : PhantomTissue.GreyMatter;
            }
            if (s_cerebellum.Contains(x, y, z))
            {
                return s_cerebellumWm.Contains(x, y, z) ? PhantomTissue.WhiteMatter : PhantomTissue.Cerebellum;
            }
            if (z >= ForamenMagnumZ && s_brainstem.Contains(x, y, z))
            {
                return PhantomTissue.Brainstem;
            }
            double cordR2 = x * x + (y - CordY) * (y - CordY);
            if (z < ForamenMagnumZ + 4 && cordR2 <= CordRadius * CordRadius)
            {
                return PhantomTissue.SpinalCord;
            }
            if (InCranium(x, y, z, CsfThickness) || (z < ForamenMagnumZ + 4 && cordR2 <= CanalRadius * CanalRadius))
            {
                return PhantomTissue.Csf;
            }
            if (InCranium(x, y, z, CsfThickness + SkullThickness))
            {
                return PhantomTissue.Skull;
            }
            if (s_eyeL.Contains(x, y, z) || s_eyeR.Contains(x, y, z))
            {
                return s_lensL.Contains(x, y, z) || s_lensR.Contains(x, y, z) ? PhantomTissue.Lens : PhantomTissue.Eye;
            }
            if (s_orbitL.Contains(x, y, z) || s_orbitR.Contains(x, y, z))
            {
                return PhantomTissue.OrbitFat;
            }
            if (s_nose.Contains(x, y, z))
            {
                return s_nostrilL.Contains(x, y, z) || s_nostrilR.Contains(x, y, z) ? PhantomTissue.Background : PhantomTissue.Nose;
            }
            if (s_lips.Contains(x, y, z))
            {
                // The mouth: a 2.4 mm slit of air between the lips, open towards the front.
                bool slit = Math.Abs(z - s_lips.Cz) < 1.2 && Math.Abs(x) < 18 && y > s_lips.Cy - 4;
                return slit ? PhantomTissue.Background : PhantomTissue.Lip;
            }
            if (s_chin.Contains(x, y, z))
            {
                return s_mandible.Contains(x, y, z) ? PhantomTissue.Mandible : PhantomTissue.Chin;
            }
            if (s_earL.Contains(x, y, z) || s_earR.Contains(x, y, z))
            {
                return PhantomTissue.Ear;
            }
            if (InCranium(x, y, z, CsfThickness + SkullThickness + ScalpThickness))
            {
                return PhantomTissue.Scalp;
            }
            if (s_faceBlock.Contains(x, y, z))
            {
                return PhantomTissue.FaceTissue;
            }
            if (z <= NeckTopZ)
            {
                double nx = x / NeckRadiusX, ny = (y - NeckCentreY) / NeckRadiusY;
                if (nx * nx + ny * ny <= 1)
                {
                    return PhantomTissue.Neck;
                }
            }
            return PhantomTissue.Background;
        }

        /// <summary>Noise-free T1w-like intensity of a tissue (white matter = 1000).</summary>
        public static double Intensity(PhantomTissue tissue)
        {
            switch (tissue)
            {
                case PhantomTissue.WhiteMatter: return 1000;
                case PhantomTissue.GreyMatter: return 620;
                case PhantomTissue.Ventricle: return 180;
                case PhantomTissue.Cerebellum: return 640;
                case PhantomTissue.Brainstem: return 880;
                case PhantomTissue.SpinalCord: return 800;
                case PhantomTissue.Csf: return 180;
                case PhantomTissue.Skull: return 120;
                case PhantomTissue.Scalp: return 900;
                case PhantomTissue.FaceTissue: return 700;
                case PhantomTissue.Neck: return 560;
                case PhantomTissue.OrbitFat: return 920;
                case PhantomTissue.Eye: return 150;
                case PhantomTissue.Lens: return 500;
                case PhantomTissue.Nose: return 720;
                case PhantomTissue.Lip: return 650;
                case PhantomTissue.Chin: return 700;
                case PhantomTissue.Mandible: return 150;
                case PhantomTissue.Ear: return 650;
                default: return 0;
            }
        }

        // Inside the cranial cavity (cerebrum, cerebellum, brainstem) grown by d mm.
        private static bool InCranium(double x, double y, double z, double d) =>
            s_cerebrum.ContainsGrown(x, y, z, d) || s_cerebellum.ContainsGrown(x, y, z, d)
            || (z >= ForamenMagnumZ - d && s_brainstem.ContainsGrown(x, y, z, d));

        private static double[,] Rotation(double pitchDeg, double rollDeg, double yawDeg)
        {
            double a = pitchDeg * Math.PI / 180, b = rollDeg * Math.PI / 180, c = yawDeg * Math.PI / 180;
            var rx = new[,] { { 1, 0, 0 }, { 0, Math.Cos(a), -Math.Sin(a) }, { 0, Math.Sin(a), Math.Cos(a) } };
            var ry = new[,] { { Math.Cos(b), 0, Math.Sin(b) }, { 0, 1, 0 }, { -Math.Sin(b), 0, Math.Cos(b) } };
            var rz = new[,] { { Math.Cos(c), -Math.Sin(c), 0 }, { Math.Sin(c), Math.Cos(c), 0 }, { 0, 0, 1 } };
            return Mul(rz, Mul(ry, rx));
        }

        private static double[,] Mul(double[,] p, double[,] q)
        {
            var r = new double[3, 3];
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    r[i, j] = p[i, 0] * q[0, j] + p[i, 1] * q[1, j] + p[i, 2] * q[2, j];
                }
            }
            return r;
        }

        // Two near-standard-normal numbers that depend only on the seed and the voxel index, so the noise does not
        // depend on evaluation order and is identical on every platform. Each is the sum of four 16-bit uniforms from
        // one SplitMix64 hash (Irwin-Hall, scaled to unit variance): close enough to Gaussian for image noise and
        // much cheaper than Box-Muller.
        private static (double, double) GaussianPair(ulong seed, ulong index)
        {
            ulong h1 = SplitMix(seed ^ (index * 2 + 1));
            ulong h2 = SplitMix(h1 ^ 0xD1B54A32D192ED03UL);
            return (IrwinHall(h1), IrwinHall(h2));
        }

        private static double IrwinHall(ulong h)
        {
            double sum = (h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + (h >> 48);
            // Mean 2 x 65535.5 - ish, variance 4/12 in units of 65536.
            return (sum / 65536.0 - 2.0) * 1.7320508075688772;
        }

        private static ulong SplitMix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }

        private readonly struct Ellipsoid
        {
            public Ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz)
            {
                Cx = cx; Cy = cy; Cz = cz; Rx = rx; Ry = ry; Rz = rz;
            }

            public double Cx { get; }
            public double Cy { get; }
            public double Cz { get; }
            public double Rx { get; }
            public double Ry { get; }
            public double Rz { get; }

            public Ellipsoid Grown(double d) => new Ellipsoid(Cx, Cy, Cz, Rx + d, Ry + d, Rz + d);

            public bool Contains(double x, double y, double z) => ContainsGrown(x, y, z, 0);

            // Growing every semi-axis by d approximates a shell of thickness d, good enough for tissue layers.
            public bool ContainsGrown(double x, double y, double z, double d)
            {
                double a = (x - Cx) / (Rx + d), b = (y - Cy) / (Ry + d), c = (z - Cz) / (Rz + d);
                return a * a + b * b + c * c <= 1;
            }
        }
    }
}
