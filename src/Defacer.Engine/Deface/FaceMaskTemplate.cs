using System;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// A head template with its face mask (as a keep-mask, 1 = keep) and optionally its brain mask, loaded once and
    /// shared by every subject. The face and brain masks may sit on grids other than the template's, as long as they
    /// share its world coordinates (e.g. MNI152 2 mm template with a 1 mm brain mask).
    /// </summary>
    public sealed class FaceMaskTemplate
    {
        /// <summary>Builds from images in memory.</summary>
        /// <param name="template">The head image registered to each subject.</param>
        /// <param name="faceMask">The face mask, thresholded at 0.5.</param>
        /// <param name="brainMask">The template's brain mask (voxels &gt; 0.5), or null.</param>
        /// <param name="convention">Meaning of the face mask's 1s.</param>
        /// <param name="name">A short name for provenance (e.g. the template file name).</param>
        public FaceMaskTemplate(Volume3D template, Volume3D faceMask, Volume3D? brainMask = null,
            FaceMaskConvention convention = FaceMaskConvention.Auto, string? name = null)
        {
            Template = template ?? throw new ArgumentNullException(nameof(template));
            if (faceMask == null)
            {
                throw new ArgumentNullException(nameof(faceMask));
            }
            var ones = new byte[faceMask.Length];
            long count = 0;
            for (int i = 0; i < ones.Length; i++)
            {
                if (faceMask.Data[i] >= 0.5f)
                {
                    ones[i] = 1;
                    count++;
                }
            }
            var resolved = convention == FaceMaskConvention.Auto ? Detect(template, faceMask, ones, count) : convention;
            if (resolved == FaceMaskConvention.FaceIsOne)
            {
                for (int i = 0; i < ones.Length; i++)
                {
                    ones[i] ^= 1;
                }
            }
            Convention = resolved;
            KeepMask = new Mask3D(faceMask.Nx, faceMask.Ny, faceMask.Nz, ones, faceMask.Affine);
            var region = BuildFaceRegion(template, KeepMask, FaceReachMm);
            double bottomZ = LowestWorldZ(KeepMask);
            region = Extrude(region, worldAxis: 2, towardsPositive: false, ExtrusionInferiorMm);
            ClearBehind(region, bottomZ, PosteriorLimitY(template, BrainMask));
            FaceRegion = Extrude(region, worldAxis: 1, towardsPositive: true, ExtrusionAnteriorMm);
            if (brainMask != null)
            {
                var b = new byte[brainMask.Length];
                for (int i = 0; i < b.Length; i++)
                {
                    b[i] = brainMask.Data[i] > 0.5f ? (byte)1 : (byte)0;
                }
                BrainMask = new Mask3D(brainMask.Nx, brainMask.Ny, brainMask.Nz, b, brainMask.Affine);
            }
            Name = name ?? "template";
        }

        // A keep-mask is 1 in the middle of the head, a face mask 0 there: read the mask at the centre of the
        // template's head cap (robust to how much background the mask's grid holds). Falls back to the volume
        // rule (a face is less than half of a grid) when that point lies outside the mask's grid.
        private static FaceMaskConvention Detect(Volume3D template, Volume3D faceMask, byte[] ones, long count)
        {
            var coarse = ImagePyramid.Level(template, 4, 2);
            var c = HeadLocator.CapCentre(coarse, 100);
            var v = faceMask.Affine.Inverse().Apply(c.X, c.Y, c.Z);
            int x = (int)Math.Round(v.X), y = (int)Math.Round(v.Y), z = (int)Math.Round(v.Z);
            if (x >= 0 && y >= 0 && z >= 0 && x < faceMask.Nx && y < faceMask.Ny && z < faceMask.Nz)
            {
                return ones[faceMask.Index(x, y, z)] != 0 ? FaceMaskConvention.KeepIsOne : FaceMaskConvention.FaceIsOne;
            }
            return count * 2 > ones.Length ? FaceMaskConvention.KeepIsOne : FaceMaskConvention.FaceIsOne;
        }

        private static Mask3D BuildFaceRegion(Volume3D template, Mask3D keep, double reachMm)
        {
            // The template's head on the mask's grid (same world, so the identity transform).
            var onMask = Resampler.Resample(template, keep.Nx, keep.Ny, keep.Nz, keep.Affine, Affine.Identity, Interpolation.Linear, 0f);
            double threshold = HeadLocator.OtsuThreshold(onMask.Data);
            var faceTissue = new Mask3D(keep.Nx, keep.Ny, keep.Nz, keep.Affine);
            for (int i = 0; i < faceTissue.Length; i++)
            {
                faceTissue.Data[i] = keep.Data[i] == 0 && onMask.Data[i] > threshold ? (byte)1 : (byte)0;
            }
            var near = MaskDilation.Dilate(faceTissue, reachMm);
            for (int i = 0; i < near.Length; i++)
            {
                if (keep.Data[i] != 0)
                {
                    near.Data[i] = 0;
                }
            }
            return near;
        }

        // Lowest world z of the grid's voxel centres: below it lies the extruded part.
        private static double LowestWorldZ(Mask3D m)
        {
            double low = double.PositiveInfinity;
            for (int c = 0; c < 8; c++)
            {
                var p = m.Affine.Apply((c & 1) == 0 ? 0 : m.Nx - 1, (c & 2) == 0 ? 0 : m.Ny - 1, (c & 4) == 0 ? 0 : m.Nz - 1);
                low = Math.Min(low, p.Z);
            }
            return low;
        }

        // The extrusion below the grid must carry the mouth and chin, not the brainstem behind them: it is cut at
        // 10 mm in front of the lowest 20 mm of the template's brain (the brainstem), or, without a brain mask,
        // 20 mm in front of the centre of the template's head cap.
        private static double PosteriorLimitY(Volume3D template, Mask3D? brain)
        {
            if (brain != null)
            {
                double low = double.PositiveInfinity;
                var a = brain.Affine;
                for (int z = 0; z < brain.Nz; z++)
                    for (int y = 0; y < brain.Ny; y++)
                        for (int x = 0; x < brain.Nx; x++)
                            if (brain.Data[brain.Index(x, y, z)] != 0)
                                low = Math.Min(low, a.Apply(x, y, z).Z);
                double front = double.NegativeInfinity;
                for (int z = 0; z < brain.Nz; z++)
                    for (int y = 0; y < brain.Ny; y++)
                        for (int x = 0; x < brain.Nx; x++)
                            if (brain.Data[brain.Index(x, y, z)] != 0)
                            {
                                var p = a.Apply(x, y, z);
                                if (p.Z <= low + 20)
                                {
                                    front = Math.Max(front, p.Y);
                                }
                            }
                if (!double.IsNegativeInfinity(front))
                {
                    return front + 10;
                }
            }
            var cap = HeadLocator.CapCentre(ImagePyramid.Level(template, 4, 2), 100);
            return cap.Y + 20;
        }

        // Clears extruded voxels (below bottomZ, and the edge slices just above it, where a mask that is 0 along
        // its border would otherwise reach back to the brainstem) that lie behind limitY.
        private static void ClearBehind(Mask3D m, double bottomZ, double limitY)
        {
            var a = m.Affine;
            for (int z = 0; z < m.Nz; z++)
                for (int y = 0; y < m.Ny; y++)
                    for (int x = 0; x < m.Nx; x++)
                    {
                        var p = a.Apply(x, y, z);
                        if (p.Z < bottomZ + 3 && p.Y < limitY)
                        {
                            m.Data[m.Index(x, y, z)] = 0;
                        }
                    }
        }

        // Extends the mask's grid by `mm` along the voxel axis nearest to the world axis, on its positive
        // (anterior/superior) or negative side, repeating the edge slice.
        internal static Mask3D Extrude(Mask3D mask, int worldAxis, bool towardsPositive, double mm)
        {
            var o = Orientation.FromAffine(mask.Affine);
            int axis = Array.IndexOf(o.WorldAxis, worldAxis);
            // Index grows towards the world axis' positive direction unless the axis is flipped.
            bool atHighIndex = towardsPositive != o.Flipped[axis];
            int pad = (int)Math.Ceiling(mm / mask.Affine.ColumnNorm(axis));
            var dims = new[] { mask.Nx, mask.Ny, mask.Nz };
            var nd = (int[])dims.Clone();
            nd[axis] += pad;
            var shift = new double[16];
            shift[0] = shift[5] = shift[10] = shift[15] = 1;
            if (!atHighIndex)
            {
                shift[axis * 4 + 3] = -pad;
            }
            var affine = mask.Affine.Multiply(Affine.FromRowMajor(shift));
            var result = new Mask3D(nd[0], nd[1], nd[2], affine);
            var src = new int[3];
            for (int z = 0; z < nd[2]; z++)
            {
                for (int y = 0; y < nd[1]; y++)
                {
                    for (int x = 0; x < nd[0]; x++)
                    {
                        src[0] = x;
                        src[1] = y;
                        src[2] = z;
                        if (!atHighIndex)
                        {
                            src[axis] -= pad;
                        }
                        // Clamp to the original grid: outside it, repeat the edge slice.
                        src[axis] = Math.Max(0, Math.Min(dims[axis] - 1, src[axis]));
                        result.Data[result.Index(x, y, z)] = mask.Data[mask.Index(src[0], src[1], src[2])];
                    }
                }
            }
            return result;
        }

        /// <summary>Loads the files of <paramref name="set"/> (NIfTI-1/2, .nii or .nii.gz).</summary>
        /// <exception cref="NiftiException">A file cannot be read; the message names it.</exception>
        public static FaceMaskTemplate Load(TemplateSet set, FaceMaskConvention convention = FaceMaskConvention.Auto)
        {
            if (set == null)
            {
                throw new ArgumentNullException(nameof(set));
            }
            var template = NiftiReader.Read(set.TemplatePath).ToVolume();
            var face = NiftiReader.Read(set.FaceMaskPath).ToVolume();
            var brain = set.BrainMaskPath != null ? NiftiReader.Read(set.BrainMaskPath).ToVolume() : null;
            return new FaceMaskTemplate(template, face, brain, convention, System.IO.Path.GetFileName(set.TemplatePath));
        }

        /// <summary>The head template.</summary>
        public Volume3D Template { get; }

        /// <summary>1 = keep, 0 = face, on the face mask's grid.</summary>
        public Mask3D KeepMask { get; }

        /// <summary>
        /// How far (mm) beyond the template's face tissue a 0 of the keep-mask still counts as face. Covers a subject
        /// nose or chin that sticks out further than the template's.
        /// </summary>
        public const double FaceReachMm = 20;

        /// <summary>How far (mm) the face region is extended below the mask's grid (the mouth and chin lie below
        /// the field of view of the MNI152/avg152 templates).</summary>
        public const double ExtrusionInferiorMm = 100;

        /// <summary>How far (mm) the face region is extended in front of the mask's grid (a nose beyond the template's).</summary>
        public const double ExtrusionAnteriorMm = 40;

        /// <summary>
        /// The voxels to remove, on the face mask's grid extended downwards and forwards: the 0s of the keep-mask
        /// that are template face tissue or within <see cref="FaceReachMm"/> of it, with the bottom slice repeated
        /// for <see cref="ExtrusionInferiorMm"/> below the grid and the front slice for
        /// <see cref="ExtrusionAnteriorMm"/> in front of it.
        /// Why: some keep-masks (mydeface's, niimath's) are also 0 all around the head, and without the restriction a
        /// subject head slightly larger than the template would lose scalp at the back and top; and the 2 mm MNI
        /// templates end just below the nose, so without the extrusion the mouth and chin would survive (pydeface
        /// removes everything outside its template instead, neck included). Repeating the bottom slice continues the
        /// cut's plane: the front of the lower face goes, the neck and spine behind it stay.
        /// </summary>
        public Mask3D FaceRegion { get; }

        /// <summary>The template's brain mask, or null.</summary>
        public Mask3D? BrainMask { get; }

        /// <summary>The convention the face-mask file was read with (never <see cref="FaceMaskConvention.Auto"/>).</summary>
        public FaceMaskConvention Convention { get; }

        /// <summary>Name for provenance.</summary>
        public string Name { get; }
    }
}
