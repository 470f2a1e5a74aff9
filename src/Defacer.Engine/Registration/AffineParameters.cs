using System;
using System.Globalization;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Registration
{
    /// <summary>
    /// The 12 numbers of an affine transform about a centre <c>c</c>:
    /// <c>T(x) = R · S · H · (x − c) + c + t</c>, with R = Rz·Ry·Rx (radians), S = diag(exp(logScale)) and
    /// H = [[1, h0, h1], [0, 1, h2], [0, 0, 1]]. Log scales keep the optimiser symmetric between shrinking and
    /// growing; the centre keeps rotation and translation nearly independent, which helps a coordinate search.
    /// </summary>
    public sealed class AffineParameters
    {
        /// <summary>Number of parameters.</summary>
        public const int Count = 12;

        private readonly double[] _p;

        /// <summary>All parameters zero (identity about the centre) except the translation.</summary>
        public AffineParameters(double tx = 0, double ty = 0, double tz = 0)
        {
            _p = new double[Count];
            _p[0] = tx;
            _p[1] = ty;
            _p[2] = tz;
        }

        /// <summary>From a 12-element vector in the documented order.</summary>
        public AffineParameters(double[] values)
        {
            if (values == null || values.Length != Count)
            {
                throw new ArgumentException("Affine parameters need 12 values.", nameof(values));
            }
            _p = (double[])values.Clone();
        }

        /// <summary>Translation in mm (x, y, z).</summary>
        public (double X, double Y, double Z) Translation => (_p[0], _p[1], _p[2]);

        /// <summary>Rotations about x, y and z in radians (applied x first).</summary>
        public (double X, double Y, double Z) Rotation => (_p[3], _p[4], _p[5]);

        /// <summary>Scale factors along x, y and z.</summary>
        public (double X, double Y, double Z) Scale => (Math.Exp(_p[6]), Math.Exp(_p[7]), Math.Exp(_p[8]));

        /// <summary>Shears h0 (xy), h1 (xz), h2 (yz).</summary>
        public (double XY, double XZ, double YZ) Shear => (_p[9], _p[10], _p[11]);

        /// <summary>Copy of the 12 values: tx ty tz, rx ry rz, log sx sy sz, h0 h1 h2.</summary>
        public double[] ToArray() => (double[])_p.Clone();

        /// <summary>Rigid parameters from translations in mm and rotations in degrees.</summary>
        public static AffineParameters Rigid(double tx, double ty, double tz, double rxDeg, double ryDeg, double rzDeg)
        {
            var p = new double[Count];
            p[0] = tx;
            p[1] = ty;
            p[2] = tz;
            p[3] = rxDeg * Math.PI / 180;
            p[4] = ryDeg * Math.PI / 180;
            p[5] = rzDeg * Math.PI / 180;
            return new AffineParameters(p);
        }

        /// <summary>The transform as a 4x4 matrix about the world point (cx, cy, cz).</summary>
        public Affine ToAffine(double cx, double cy, double cz) => ToAffine(_p, cx, cy, cz);

        internal static Affine ToAffine(double[] p, double cx, double cy, double cz)
        {
            double ca = Math.Cos(p[3]), sa = Math.Sin(p[3]);
            double cb = Math.Cos(p[4]), sb = Math.Sin(p[4]);
            double cg = Math.Cos(p[5]), sg = Math.Sin(p[5]);
            // R = Rz * Ry * Rx
            var r = new double[,]
            {
                { cg * cb, cg * sb * sa - sg * ca, cg * sb * ca + sg * sa },
                { sg * cb, sg * sb * sa + cg * ca, sg * sb * ca - cg * sa },
                { -sb, cb * sa, cb * ca },
            };
            double sx = Math.Exp(p[6]), sy = Math.Exp(p[7]), sz = Math.Exp(p[8]);
            // K = S * H
            var k = new double[,]
            {
                { sx, sx * p[9], sx * p[10] },
                { 0, sy, sy * p[11] },
                { 0, 0, sz },
            };
            var m = new double[16];
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    m[i * 4 + j] = r[i, 0] * k[0, j] + r[i, 1] * k[1, j] + r[i, 2] * k[2, j];
                }
            }
            double[] c = { cx, cy, cz };
            for (int i = 0; i < 3; i++)
            {
                m[i * 4 + 3] = c[i] + p[i] - (m[i * 4] * cx + m[i * 4 + 1] * cy + m[i * 4 + 2] * cz);
            }
            m[15] = 1;
            return Affine.FromRowMajor(m);
        }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "t=({0:0.##}, {1:0.##}, {2:0.##}) mm, r=({3:0.##}, {4:0.##}, {5:0.##}) deg, s=({6:0.###}, {7:0.###}, {8:0.###}), h=({9:0.###}, {10:0.###}, {11:0.###})",
            _p[0], _p[1], _p[2], _p[3] * 180 / Math.PI, _p[4] * 180 / Math.PI, _p[5] * 180 / Math.PI,
            Math.Exp(_p[6]), Math.Exp(_p[7]), Math.Exp(_p[8]), _p[9], _p[10], _p[11]);
    }
}
