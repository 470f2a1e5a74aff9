using System;

namespace Defacer.Engine.Numerics
{
    /// <summary>
    /// A tiny, fully specified pseudo-random generator (SplitMix64) with uniform and standard normal draws (Box-Muller).
    /// Used instead of <see cref="Random"/> so that noise fills, registration samples and phantoms are the same on every
    /// runtime and version, which the "same input, same output bytes" promise needs.
    /// </summary>
    internal sealed class SplitMix64
    {
        private ulong _state;
        private double _spare;
        private bool _hasSpare;

        public SplitMix64(ulong seed)
        {
            _state = seed;
        }

        public ulong NextUInt64()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1).</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform integer in [0, n).</summary>
        public int NextInt(int n) => (int)(NextDouble() * n);

        /// <summary>Uniform in (0, 1], never 0 so that a logarithm of it is finite.</summary>
        public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / 9007199254740992.0);

        /// <summary>A standard normal draw.</summary>
        public double NextGaussian()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }
            double u1 = NextDoubleNonZero();
            double u2 = NextDoubleNonZero();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            double theta = 2.0 * Math.PI * u2;
            _spare = r * Math.Sin(theta);
            _hasSpare = true;
            return r * Math.Cos(theta);
        }
    }
}
