using System;

namespace Defacer.Engine.Volumes
{
    /// <summary>
    /// The "orientation sandwich": maps a grid in any storage order (PSR, LPS, LAS, PIR, ...) to the nearest RAS
    /// order by permuting and flipping axes only, never resampling, so every voxel maps one-to-one and results map
    /// back exactly. Algorithms work on the canonical grid, where voxel axis 0 runs Left→Right, 1 Posterior→Anterior
    /// and 2 Inferior→Superior (up to the obliquity that remains in the affine).
    /// </summary>
    public sealed class CanonicalFrame
    {
        private readonly int[] _inputDims;
        private readonly int[] _canonicalDims;
        // For canonical axis a: the input axis that feeds it and whether it is reversed.
        private readonly int[] _sourceAxis = new int[3];
        private readonly bool[] _reversed = new bool[3];

        /// <summary>Builds the frame for an input grid of the given shape and affine.</summary>
        public CanonicalFrame(int nx, int ny, int nz, Affine affine)
        {
            _inputDims = new[] { nx, ny, nz };
            InputAffine = affine;
            InputOrientation = Orientation.FromAffine(affine);
            _canonicalDims = new int[3];
            for (int i = 0; i < 3; i++)
            {
                int a = InputOrientation.WorldAxis[i];
                _sourceAxis[a] = i;
                _reversed[a] = InputOrientation.Flipped[i];
                _canonicalDims[a] = _inputDims[i];
            }

            // CanonicalToInput maps canonical voxel indices to input voxel indices.
            var t = new double[16];
            t[15] = 1;
            for (int a = 0; a < 3; a++)
            {
                int i = _sourceAxis[a];
                t[i * 4 + a] = _reversed[a] ? -1 : 1;
                t[i * 4 + 3] = _reversed[a] ? _inputDims[i] - 1 : 0;
            }
            CanonicalToInput = Affine.FromRowMajor(t);
            CanonicalAffine = affine.Multiply(CanonicalToInput);
        }

        /// <summary>The frame of a volume.</summary>
        public static CanonicalFrame Of(Volume3D volume) => new CanonicalFrame(volume.Nx, volume.Ny, volume.Nz, volume.Affine);

        public Orientation InputOrientation { get; }

        public Affine InputAffine { get; }

        /// <summary>Voxel-to-world of the canonical grid.</summary>
        public Affine CanonicalAffine { get; }

        /// <summary>Canonical voxel indices to input voxel indices.</summary>
        public Affine CanonicalToInput { get; }

        public int CanonicalNx => _canonicalDims[0];

        public int CanonicalNy => _canonicalDims[1];

        public int CanonicalNz => _canonicalDims[2];

        /// <summary>True when no permutation or flip is needed.</summary>
        public bool IsIdentity => InputOrientation.IsRas;

        /// <summary>
        /// The volume in canonical order for reading: the input itself when it is already stored in RAS order (no copy),
        /// otherwise a reordered copy. Callers must not write to the result.
        /// </summary>
        public Volume3D CanonicalView(Volume3D input) => IsIdentity ? input : ToCanonical(input);

        /// <summary>The mask in canonical order for reading: the input itself when already canonical, else a copy.</summary>
        public Mask3D CanonicalView(Mask3D input) => IsIdentity ? input : ToCanonical(input);

        /// <summary>
        /// A canonical-grid mask in the input's storage order, handing over <paramref name="canonical"/> itself when the
        /// input was already canonical (the caller gives up the mask), otherwise a reordered copy.
        /// </summary>
        public Mask3D FromCanonicalHandOver(Mask3D canonical) => IsIdentity ? canonical : FromCanonical(canonical);

        /// <summary>The volume in canonical order (a copy).</summary>
        public Volume3D ToCanonical(Volume3D input)
        {
            CheckInput(input.Nx, input.Ny, input.Nz);
            var dst = new float[input.Data.Length];
            Reorder(input.Data, dst, toCanonical: true);
            return new Volume3D(CanonicalNx, CanonicalNy, CanonicalNz, dst, CanonicalAffine);
        }

        /// <summary>A mask on the input grid in canonical order (a copy).</summary>
        public Mask3D ToCanonical(Mask3D input)
        {
            CheckInput(input.Nx, input.Ny, input.Nz);
            var dst = new byte[input.Data.Length];
            Reorder(input.Data, dst, toCanonical: true);
            return new Mask3D(CanonicalNx, CanonicalNy, CanonicalNz, dst, CanonicalAffine);
        }

        /// <summary>A canonical-grid volume back in the input's storage order (a copy).</summary>
        public Volume3D FromCanonical(Volume3D canonical)
        {
            CheckCanonical(canonical.Nx, canonical.Ny, canonical.Nz);
            var dst = new float[canonical.Data.Length];
            Reorder(canonical.Data, dst, toCanonical: false);
            return new Volume3D(_inputDims[0], _inputDims[1], _inputDims[2], dst, InputAffine);
        }

        /// <summary>A canonical-grid mask back in the input's storage order (a copy).</summary>
        public Mask3D FromCanonical(Mask3D canonical)
        {
            CheckCanonical(canonical.Nx, canonical.Ny, canonical.Nz);
            var dst = new byte[canonical.Data.Length];
            Reorder(canonical.Data, dst, toCanonical: false);
            return new Mask3D(_inputDims[0], _inputDims[1], _inputDims[2], dst, InputAffine);
        }

        // Copies between storage orders walking the canonical grid and stepping through the input with signed strides,
        // instead of materialising an index map: the map (4 bytes a voxel) was as large as the float volume itself and
        // made every reorder of a mask cost five times the mask. RAS input is a plain copy.
        private void Reorder<T>(T[] src, T[] dst, bool toCanonical)
        {
            if (IsIdentity)
            {
                Array.Copy(src, dst, src.Length);
                return;
            }
            var (start, step) = InputSteps();
            int nx = _canonicalDims[0], ny = _canonicalDims[1], nz = _canonicalDims[2];
            int c = 0;
            for (int z = 0; z < nz; z++)
            {
                long zOffset = start + z * step[2];
                for (int y = 0; y < ny; y++)
                {
                    long i = zOffset + y * step[1];
                    long sx = step[0];
                    if (toCanonical)
                    {
                        for (int x = 0; x < nx; x++, i += sx)
                        {
                            dst[c++] = src[i];
                        }
                    }
                    else
                    {
                        for (int x = 0; x < nx; x++, i += sx)
                        {
                            dst[i] = src[c++];
                        }
                    }
                }
            }
        }

        // Input offset of canonical voxel (0,0,0) and the input offset step along each canonical axis.
        private (long Start, long[] Step) InputSteps()
        {
            var inputStride = new long[] { 1, _inputDims[0], (long)_inputDims[0] * _inputDims[1] };
            var step = new long[3];
            long start = 0;
            for (int a = 0; a < 3; a++)
            {
                int i = _sourceAxis[a];
                step[a] = _reversed[a] ? -inputStride[i] : inputStride[i];
                start += _reversed[a] ? (_inputDims[i] - 1) * inputStride[i] : 0;
            }
            return (start, step);
        }

        private void CheckInput(int nx, int ny, int nz)
        {
            if (nx != _inputDims[0] || ny != _inputDims[1] || nz != _inputDims[2])
            {
                throw new ArgumentException($"Grid {nx}x{ny}x{nz} does not match the frame's input grid {_inputDims[0]}x{_inputDims[1]}x{_inputDims[2]}.");
            }
        }

        private void CheckCanonical(int nx, int ny, int nz)
        {
            if (nx != _canonicalDims[0] || ny != _canonicalDims[1] || nz != _canonicalDims[2])
            {
                throw new ArgumentException($"Grid {nx}x{ny}x{nz} does not match the frame's canonical grid {_canonicalDims[0]}x{_canonicalDims[1]}x{_canonicalDims[2]}.");
            }
        }
    }
}
