using System;

namespace Defacer.Engine.Volumes
{
    /// <summary>
    /// A 3D scalar image in float, with its voxel-to-world affine. Voxel (x, y, z) is at
    /// <c>Data[x + Nx * (y + Ny * z)]</c>, the NIfTI (Fortran) order, so a volume read from disk needs no transposition.
    /// </summary>
    public sealed class Volume3D
    {
        /// <summary>Creates a volume over existing data (not copied).</summary>
        public Volume3D(int nx, int ny, int nz, float[] data, Affine affine)
        {
            if (nx <= 0 || ny <= 0 || nz <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(nx), $"Volume dimensions must be positive, got {nx}x{ny}x{nz}.");
            }
            if (data == null || data.LongLength != (long)nx * ny * nz)
            {
                throw new ArgumentException($"Data length {data?.LongLength ?? 0} does not match {nx}x{ny}x{nz}.", nameof(data));
            }
            Nx = nx;
            Ny = ny;
            Nz = nz;
            Data = data;
            Affine = affine;
        }

        /// <summary>Creates a zero-filled volume.</summary>
        public Volume3D(int nx, int ny, int nz, Affine affine)
            : this(nx, ny, nz, new float[(long)nx * ny * nz], affine)
        {
        }

        public int Nx { get; }

        public int Ny { get; }

        public int Nz { get; }

        /// <summary>Voxel values in NIfTI order.</summary>
        public float[] Data { get; }

        /// <summary>Voxel indices to world mm (RAS+).</summary>
        public Affine Affine { get; }

        public int Length => Data.Length;

        /// <summary>Voxel sizes in mm along the three voxel axes (lengths of the affine's columns).</summary>
        public (double X, double Y, double Z) Spacing => (Affine.ColumnNorm(0), Affine.ColumnNorm(1), Affine.ColumnNorm(2));

        /// <summary>Linear index of voxel (x, y, z).</summary>
        public int Index(int x, int y, int z) => x + Nx * (y + Ny * z);

        public float this[int x, int y, int z]
        {
            get => Data[x + Nx * (y + Ny * z)];
            set => Data[x + Nx * (y + Ny * z)] = value;
        }

        /// <summary>True when (x, y, z) lies inside the grid.</summary>
        public bool Contains(int x, int y, int z) => x >= 0 && y >= 0 && z >= 0 && x < Nx && y < Ny && z < Nz;

        /// <summary>A new volume with the same geometry and a copy of the data.</summary>
        public Volume3D Clone() => new Volume3D(Nx, Ny, Nz, (float[])Data.Clone(), Affine);

        /// <summary>A zero-filled volume with the same geometry.</summary>
        public Volume3D CreateEmptyLike() => new Volume3D(Nx, Ny, Nz, Affine);

        /// <summary>True when the other grid has the same shape and an affine equal within <paramref name="tolerance"/> mm.</summary>
        public bool HasSameGeometry(int nx, int ny, int nz, Affine affine, double tolerance = 1e-3) =>
            nx == Nx && ny == Ny && nz == Nz && Affine.ApproximatelyEquals(affine, tolerance);
    }
}
