using System;

namespace Defacer.Engine.Volumes
{
    /// <summary>
    /// A binary mask on a voxel grid (1 = inside, 0 = outside), same indexing as <see cref="Volume3D"/>.
    /// Bytes rather than bools so masks can be written as uint8 NIfTI and counted cheaply.
    /// </summary>
    public sealed class Mask3D
    {
        public Mask3D(int nx, int ny, int nz, byte[] data, Affine affine)
        {
            if (data == null || data.LongLength != (long)nx * ny * nz)
            {
                throw new ArgumentException($"Mask length {data?.LongLength ?? 0} does not match {nx}x{ny}x{nz}.", nameof(data));
            }
            Nx = nx;
            Ny = ny;
            Nz = nz;
            Data = data;
            Affine = affine;
        }

        public Mask3D(int nx, int ny, int nz, Affine affine)
            : this(nx, ny, nz, new byte[(long)nx * ny * nz], affine)
        {
        }

        public int Nx { get; }

        public int Ny { get; }

        public int Nz { get; }

        public byte[] Data { get; }

        public Affine Affine { get; }

        public int Length => Data.Length;

        public int Index(int x, int y, int z) => x + Nx * (y + Ny * z);

        public bool this[int x, int y, int z]
        {
            get => Data[x + Nx * (y + Ny * z)] != 0;
            set => Data[x + Nx * (y + Ny * z)] = value ? (byte)1 : (byte)0;
        }

        /// <summary>Number of voxels set.</summary>
        public unsafe long Count()
        {
            // Eight bytes at a time: one flag per non-zero byte, and a multiply sums the eight flags into the top byte.
            long n = 0;
            var data = Data;
            int i = 0;
            fixed (byte* p = data)
            {
                for (; i + 8 <= data.Length; i += 8)
                {
                    n += (long)((ByteRuns.NonZeroFlags(*(ulong*)(p + i)) * ByteRuns.Ones) >> 56);
                }
            }
            for (; i < data.Length; i++)
            {
                if (data[i] != 0)
                {
                    n++;
                }
            }
            return n;
        }

        /// <summary>Volume of the mask in mm^3 (count times voxel volume).</summary>
        public double VolumeMm3()
        {
            double vox = Affine.ColumnNorm(0) * Affine.ColumnNorm(1) * Affine.ColumnNorm(2);
            return Count() * vox;
        }

        public Mask3D Clone() => new Mask3D(Nx, Ny, Nz, (byte[])Data.Clone(), Affine);

        /// <summary>An empty mask on the grid of <paramref name="volume"/>.</summary>
        public static Mask3D Like(Volume3D volume) => new Mask3D(volume.Nx, volume.Ny, volume.Nz, volume.Affine);

        /// <summary>Dice overlap 2|A∩B| / (|A|+|B|); 1 when both are empty.</summary>
        public double Dice(Mask3D other)
        {
            if (other.Length != Length)
            {
                throw new ArgumentException("Masks must have the same grid to compare.", nameof(other));
            }
            long a = 0, b = 0, both = 0;
            for (int i = 0; i < Data.Length; i++)
            {
                bool x = Data[i] != 0, y = other.Data[i] != 0;
                if (x) a++;
                if (y) b++;
                if (x && y) both++;
            }
            return a + b == 0 ? 1.0 : 2.0 * both / (a + b);
        }
    }
}
