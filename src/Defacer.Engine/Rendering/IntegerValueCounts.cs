using System;

namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// How often each integer value occurs among selected voxels, for images whose values are all integers in the
    /// 8- and 16-bit range (uint8, int16 and uint16 data without scaling: most MRI). Every histogram statistic of
    /// <see cref="IntensityStatistics"/> depends only on how many voxels hold each value, so it can be computed from
    /// these counts, with the very same arithmetic per value, instead of from two or three more passes over the
    /// voxels: one counting pass replaces them and the results are identical.
    /// </summary>
    internal sealed class IntegerValueCounts
    {
        /// <summary>Smallest value counted.</summary>
        public const int MinValue = -32768;

        /// <summary>Largest value counted.</summary>
        public const int MaxValue = 65535;

        private const int Size = MaxValue - MinValue + 1;

        private readonly int[] _counts = new int[Size];

        /// <summary>Counts <paramref name="v"/>; false (and nothing counted) when it is not an integer in range.</summary>
        public bool Add(float v)
        {
            int k = (int)v;
            // Out-of-range and infinite values convert to some int that differs from v, or fall outside the table.
            if (k != v || (uint)(k - MinValue) >= Size)
            {
                return false;
            }
            _counts[k - MinValue]++;
            return true;
        }

        /// <summary>Counts <paramref name="count"/> voxels holding <paramref name="v"/> at once; false as <see cref="Add(float)"/>.</summary>
        public bool Add(float v, long count)
        {
            int k = (int)v;
            if (k != v || (uint)(k - MinValue) >= Size)
            {
                return false;
            }
            _counts[k - MinValue] += checked((int)count);
            return true;
        }

        /// <summary>The distinct values counted, ascending, and how many voxels hold each (optionally without 0).</summary>
        public (float[] Values, long[] Counts) Distinct(bool ignoreZeros = false)
        {
            int zero = -MinValue;
            int n = 0;
            for (int k = 0; k < Size; k++)
            {
                if (_counts[k] != 0 && !(ignoreZeros && k == zero)) n++;
            }
            var values = new float[n];
            var counts = new long[n];
            n = 0;
            for (int k = 0; k < Size; k++)
            {
                if (_counts[k] != 0 && !(ignoreZeros && k == zero))
                {
                    values[n] = k + MinValue;
                    counts[n++] = _counts[k];
                }
            }
            return (values, counts);
        }
    }
}
