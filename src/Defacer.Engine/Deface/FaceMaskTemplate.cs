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
            if (brainMask != null)
            {
                var b = new byte[brainMask.Length];
                for (int i = 0; i < b.Length; i++)
                {
                    b[i] = brainMask.Data[i] > 0.5f ? (byte)1 : (byte)0;
                }
                BrainMask = new Mask3D(brainMask.Nx, brainMask.Ny, brainMask.Nz, b, brainMask.Affine);
            }
            var region = BuildFaceRegion(template, KeepMask, FaceReachMm);
            PosteriorLimitY = FindPosteriorLimitY(template, BrainMask);
            FillBottomBand(region, PosteriorLimitY);
            FaceRegion = new OpenEdgeMask(region, (2, false), (1, true));
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
            // Only the face's thick core spreads: the keep-masks sit a voxel or two inside the template's scalp all
            // round the head, and that thin ring of "face tissue" grown by the reach took the subject's scalp over the
            // ears and crown (seen on the partial-face PD and FLAIR). The face itself is many voxels thick.
            var core = Erode(faceTissue, FaceCoreDepthMm);
            var near = MaskDilation.Dilate(core, reachMm + FaceCoreDepthMm);
            for (int i = 0; i < near.Length; i++)
            {
                if (keep.Data[i] != 0)
                {
                    near.Data[i] = 0;
                }
            }
            return near;
        }

        // Voxels whose box neighbourhood of the given radius lies wholly in the mask.
        private static Mask3D Erode(Mask3D m, double mm)
        {
            var outside = m.Clone();
            for (int i = 0; i < outside.Length; i++)
            {
                outside.Data[i] ^= 1;
            }
            var grown = MaskDilation.Dilate(outside, mm);
            for (int i = 0; i < grown.Length; i++)
            {
                grown.Data[i] ^= 1;
            }
            return grown;
        }

        // The plane behind which nothing below the template's field of view is face: 10 mm in front of the template's
        // brainstem (the front of the brain within 20 mm of its midline, over its lowest 10 mm), or, without a brain
        // mask, 20 mm in front of the centre of the template's head cap.
        private static double FindPosteriorLimitY(Volume3D template, Mask3D? brain)
        {
            if (brain != null)
            {
                var a = brain.Affine;
                double low = double.PositiveInfinity, sumX = 0;
                long n = 0;
                for (int z = 0; z < brain.Nz; z++)
                    for (int y = 0; y < brain.Ny; y++)
                        for (int x = 0; x < brain.Nx; x++)
                            if (brain.Data[brain.Index(x, y, z)] != 0)
                            {
                                var p = a.Apply(x, y, z);
                                low = Math.Min(low, p.Z);
                                sumX += p.X;
                                n++;
                            }
                double front = double.NegativeInfinity;
                if (n > 0)
                {
                    double midX = sumX / n;
                    for (int z = 0; z < brain.Nz; z++)
                        for (int y = 0; y < brain.Ny; y++)
                            for (int x = 0; x < brain.Nx; x++)
                                if (brain.Data[brain.Index(x, y, z)] != 0)
                                {
                                    var p = a.Apply(x, y, z);
                                    if (p.Z <= low + 10 && Math.Abs(p.X - midX) <= 20)
                                    {
                                        front = Math.Max(front, p.Y);
                                    }
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

        // The slices within BottomBandMm of the grid's inferior edge, which the open inferior side repeats without end,
        // become: everything in front of limitY, in every left-right column where the face region reaches those slices.
        // The mask is trusted inside its field of view; below it, where the template has no face, the mouth, jaw and
        // chin of any head that fits the cranium lie in front of the brainstem, so that is what is removed. Behind the
        // plane (brainstem, spinal cord, the back of the neck) nothing is.
        private static void FillBottomBand(Mask3D m, double limitY)
        {
            var o = Orientation.FromAffine(m.Affine);
            int sAxis = Array.IndexOf(o.WorldAxis, 2), rAxis = Array.IndexOf(o.WorldAxis, 0);
            var dims = new[] { m.Nx, m.Ny, m.Nz };
            int edge = o.Flipped[sAxis] ? dims[sAxis] - 1 : 0;
            double step = m.Affine.ColumnNorm(sAxis);
            int bandSlices = Math.Max(1, (int)Math.Floor(BottomBandMm / step) + 1);
            var columnHasFace = new bool[bandSlices, dims[rAxis]];
            var idx = new int[3];
            for (int z = 0; z < m.Nz; z++)
                for (int y = 0; y < m.Ny; y++)
                    for (int x = 0; x < m.Nx; x++)
                    {
                        idx[0] = x;
                        idx[1] = y;
                        idx[2] = z;
                        int band = Math.Abs(idx[sAxis] - edge);
                        if (band < bandSlices && m.Data[m.Index(x, y, z)] != 0)
                        {
                            columnHasFace[band, idx[rAxis]] = true;
                        }
                    }
            var a = m.Affine;
            for (int z = 0; z < m.Nz; z++)
                for (int y = 0; y < m.Ny; y++)
                    for (int x = 0; x < m.Nx; x++)
                    {
                        idx[0] = x;
                        idx[1] = y;
                        idx[2] = z;
                        int band = Math.Abs(idx[sAxis] - edge);
                        if (band < bandSlices)
                        {
                            bool face = columnHasFace[band, idx[rAxis]] && a.Apply(x, y, z).Y >= limitY;
                            m.Data[m.Index(x, y, z)] = face ? (byte)1 : (byte)0;
                        }
                    }
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

        /// <summary>
        /// Depth (mm) a keep-mask 0 of template tissue must have to count as face before <see cref="FaceReachMm"/>
        /// spreads it: thinner rims of 0 along the template's scalp are the mask's edge, not face.
        /// </summary>
        public const double FaceCoreDepthMm = 2;

        /// <summary>Depth (mm) of the band of slices at the mask grid's inferior edge that is redrawn as "everything in
        /// front of <see cref="PosteriorLimitY"/>" before the inferior side is opened.</summary>
        public const double BottomBandMm = 3;

        /// <summary>
        /// Template world y (mm) of the coronal plane behind which nothing below the mask's field of view is removed:
        /// 10 mm in front of the template's brainstem (from its brain mask), or 20 mm in front of the centre of its
        /// head cap when it has none.
        /// </summary>
        public double PosteriorLimitY { get; }

        /// <summary>
        /// The voxels to remove, on the face mask's grid, open below and in front (<see cref="OpenEdgeMask"/>): the 0s
        /// of the keep-mask within <see cref="FaceReachMm"/> of template face tissue (tissue at least
        /// <see cref="FaceCoreDepthMm"/> deep in the 0s); in the lowest
        /// <see cref="BottomBandMm"/> of the grid, everything in front of <see cref="PosteriorLimitY"/>. The bottom
        /// band continues downwards without end and the front slice forwards without end.
        /// Why: some keep-masks (mydeface's, niimath's) are also 0 all around the head, and without the restriction to
        /// face tissue a subject head slightly larger than the template would lose scalp at the back and top. The 2 mm
        /// MNI templates end just below the nose, so the mouth and chin lie below the mask's grid, and how far below
        /// depends on how the affine fitted to the skull extrapolates to the jaw: on IXI012 (head pitched back 24
        /// degrees) the chin maps 90 to 130 mm below the grid and 0 to 30 mm in front of the brainstem plane, where a
        /// 100 mm extrusion of the mask's own bottom slice (which the niimath mask ends 21 mm in front of the plane)
        /// left it standing. pydeface removes everything outside its template instead, the back of the neck included.
        /// </summary>
        public OpenEdgeMask FaceRegion { get; }

        /// <summary>The template's brain mask, or null.</summary>
        public Mask3D? BrainMask { get; }

        /// <summary>The convention the face-mask file was read with (never <see cref="FaceMaskConvention.Auto"/>).</summary>
        public FaceMaskConvention Convention { get; }

        /// <summary>Name for provenance.</summary>
        public string Name { get; }
    }
}
