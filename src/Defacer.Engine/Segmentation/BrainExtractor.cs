using System;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// Skull stripping with a BET-style deformable surface (<see cref="BrainSurfaceModel"/>) on a working grid of
    /// about 2 mm, in the canonical RAS frame:
    /// <list type="number">
    /// <item>head mask (<see cref="HeadMasker"/>) and the depth of every voxel under the head surface;</item>
    /// <item>the starting point is the centre of the part of the head that is deeper than 25 mm and within 100 mm of
    /// the top of the head: the brain, even when the field of view holds a long neck (where BET's centre of gravity fails);</item>
    /// <item>BET's robust intensities (2nd and 98th percentiles, background threshold, median inside the start sphere),
    /// and an upper limit BET lacks: tissue brighter than any brain (fat) pushes the surface in, which keeps it out of
    /// the orbits where thick slices blur the orbital roof; and a lower one: the local threshold never drops below the
    /// darkest brain tissue in the start sphere, which stops the surface at a skull that is bright (PD);</item>
    /// <item>the surface evolves, is filled into a mask and interpolated back to the full grid and storage order; when
    /// most of it ends on the scalp-depth limit the image has no scalp (skull-stripped input) and the head is the brain.</item>
    /// </list>
    /// </summary>
    public static class BrainExtractor
    {
        // Vertices within this distance of the scalp-depth limit count as held by it.
        private const double SkullStrippedSlackMm = 2;

        // Share of held vertices above which the image is taken as skull-stripped.
        private const double SkullStrippedFraction = 0.5;

        // ... provided the surface encloses at least this share of the head (on the skull-stripped heads 72 to 77%; on
        // the angiogram, whose surface collapses, nothing).
        private const double SkullStrippedMinimumShare = 0.2;

        /// <summary>The brain mask of <paramref name="volume"/> on its own grid and storage order.</summary>
        public static Mask3D Compute(Volume3D volume, BrainMaskOptions? options = null, CancellationToken cancellationToken = default)
        {
            var frame = CanonicalFrame.Of(volume);
            // Already canonical (RAS storage): no reordered copies there and back (nothing below writes to the input).
            var result = ComputeCanonical(frame.CanonicalView(volume), options, cancellationToken);
            return frame.FromCanonicalHandOver(result.Brain);
        }

        /// <summary>
        /// Brain and head masks of a volume already in canonical RAS order, on the same canonical grid. The last two
        /// results are remembered (<see cref="BrainMaskMemo"/>): the same voxels, grid and options give the same masks
        /// without a second strip.
        /// </summary>
        public static BrainMaskResult ComputeCanonical(Volume3D canonical, BrainMaskOptions? options = null, CancellationToken cancellationToken = default)
        {
            options = options ?? new BrainMaskOptions();
            var pyramid = GridPyramid.For(canonical, options.WorkingVoxelMm);
            var work = pyramid.Downsample(canonical);
            // Everything below reads the image only through the working grid, so that (with the fine grid's shape) is
            // the key: an eighth of the voxels of a 1 mm image to hash.
            string key = BrainMaskMemo.KeyOf(canonical.Nx, canonical.Ny, canonical.Nz, canonical.Affine, work, options);
            var remembered = BrainMaskMemo.Find(key);
            if (remembered != null)
            {
                return remembered;
            }
            var (result, head) = Strip(pyramid, work, options, cancellationToken);
            BrainMaskMemo.Add(key, result, head);
            return result;
        }

        private static (BrainMaskResult Result, Func<Mask3D> Head) Strip(GridPyramid pyramid, Volume3D work, BrainMaskOptions options, CancellationToken cancellationToken)
        {
            var head = HeadMasker.ComputeCanonical(work, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            var depth2 = DistanceTransform.SquaredDistanceTo(head, 0, cancellationToken);
            var (centre, deepest, deepMask) = StartCentre(work, head, depth2);
            work = CorrectBias(work, deepMask);
            double radius = Math.Max(8, Math.Min(options.InitialRadiusMm, 0.8 * deepest));

            var p = IntensityStatistics.Percentiles(work, null, new[] { 0.02, 0.98 });
            double t2 = p[0], t98 = p[1];
            double t = t2 + 0.1 * (t98 - t2);
            var inSphere = IntensityStatistics.Percentiles(work, SphereMask(work, centre, radius, t2, t98), new[] { 0.5, 0.99, 0.02 });
            double tm = inSphere[0];
            // The darkest brain tissue: the 2nd percentile inside the start sphere (on T1 and FLAIR ventricular CSF, on T2
            // white matter). No local threshold goes below it. BET's fractional threshold (half-way between t2 and the
            // brain) assumes that skull and CSF are darker than that; on PD grey matter, white matter and CSF are all
            // bright (sphere 63 to 85) and skull, eyes and skull base (50 to 65) lie above half of the brain (42), so the
            // surface flowed through the skull to the scalp fat and took in the eyes (the mask lost 26% with this floor,
            // all of it skull, scalp, eyes and skull base). On the T1 and FLAIR heads this level lies below BET's threshold
            // (ventricles and sulci are in the sphere) and the masks change by 0 to 2%; on the stroke T2 and the pCASL it
            // trims 4 to 5% of outer CSF; skull-stripped heads are unchanged (their mask is the head).
            double tdark = inSphere[2];
            // Brighter than any brain tissue: fat (orbits, scalp, marrow). Orbital fat is bright on FLAIR, T1 and PD,
            // and where thick slices blur the thin orbital roof the surface otherwise flows from the frontal lobe into
            // the orbit (the 5 mm FLAIR head), which puts Quickshear's cut in front of the eyes. The limit sits as far
            // above the sphere's 99th percentile as that is above its median, so white-matter lesions (on that FLAIR
            // up to 1.5 times the median, fat 2 to 3 times) and, on T2, CSF (in the sphere's top percent) stay below it;
            // and never below 1.5 times the median (above t2), because where the brain fills the top of the histogram
            // (a skull-stripped infant, whose sphere is capped at t98) that percentile is brain, not a margin above it.
            double tb = Math.Max(inSphere[1] + (inSphere[1] - tm), tm + 0.5 * (tm - t2));
            if (!(tm > t2))
            {
                throw new InvalidOperationException("The centre of the head shows no tissue brighter than the background; no brain can be found.");
            }

            var model = new BrainSurfaceModel(work, centre, radius, depth2, options.MinimumScalpDepthMm);
            model.Evolve(options.Iterations, options.FractionalThreshold, t2, t, tm, tb, tdark, cancellationToken);
            // A skull-stripped image has no scalp: its head surface is the brain surface, and the surface, held under it
            // by the scalp-depth limit almost everywhere, would leave out the outer millimetres of cortex (Quickshear then
            // cut 1,300 to 2,200 tissue voxels of the brain-only heads). There the head is the brain. On heads with a
            // scalp, skull and CSF stop the surface first: at most 27% of the vertices reach the limit on the shared
            // heads, against 88 to 95% on the skull-stripped ones.
            // The surface must still enclose a good part of the head: on an angiogram (vessels only) it collapses onto the
            // limit too, and that image is not a brain to keep whole but one where no brain was found.
            var brain = model.ToMask();
            Morphology.IntersectInPlace(brain, head);
            long headCount = head.Count();
            bool skullStripped = model.FractionAtMinimumDepth(SkullStrippedSlackMm) >= SkullStrippedFraction
                && brain.Count() >= SkullStrippedMinimumShare * headCount;
            if (skullStripped)
            {
                brain = head.Clone();
            }
            if (brain.Count() == 0)
            {
                throw new InvalidOperationException("The brain surface collapsed: no brain voxel was found.");
            }

            var fineBrain = pyramid.Upsample(brain);
            Func<Mask3D> fineHead = () => pyramid.Upsample(head);
            return (new BrainMaskResult(fineBrain, fineHead, t, t2, tm) { SkullStripped = skullStripped }, fineHead);
        }

        // Centre (grid mm) of the head voxels deeper than 25 mm and within 100 mm of the head's top, and the largest depth.
        private static ((double X, double Y, double Z) Centre, double Deepest, Mask3D Deep) StartCentre(Volume3D work, Mask3D head, float[] depth2)
        {
            int nx = work.Nx, plane = work.Nx * work.Ny;
            int top = -1;
            for (int i = 0; i < head.Length; i++)
            {
                if (head.Data[i] != 0)
                {
                    top = Math.Max(top, i / plane);
                }
            }
            if (top < 0)
            {
                throw new InvalidOperationException("The head mask is empty.");
            }
            var sp = work.Spacing;
            int lowest = Math.Max(0, top - (int)Math.Round(100 / sp.Z));
            double deepest = 0;
            for (int i = lowest * plane; i < head.Length; i++)
            {
                deepest = Math.Max(deepest, depth2[i]);
            }
            deepest = Math.Sqrt(deepest);
            double minDepth = Math.Min(25, 0.5 * deepest);
            float d2 = (float)(minDepth * minDepth);
            double sx = 0, sy = 0, sz = 0;
            long n = 0;
            var deep = new Mask3D(work.Nx, work.Ny, work.Nz, work.Affine);
            for (int i = lowest * plane; i < head.Length; i++)
            {
                if (depth2[i] > d2)
                {
                    deep.Data[i] = 1;
                    sx += i % nx;
                    sy += (i / nx) % work.Ny;
                    sz += i / plane;
                    n++;
                }
            }
            if (n == 0)
            {
                throw new InvalidOperationException("The head has no interior deep enough to hold a brain.");
            }
            return ((sx / n * sp.X, sy / n * sp.Y, sz / n * sp.Z), deepest, deep);
        }

        // The deep upper head is mostly brain; its brighter half is mostly one tissue (white matter on T1, grey
        // matter on T2), whose slow intensity variation is the coil's bias field.
        private static Volume3D CorrectBias(Volume3D work, Mask3D deep)
        {
            double median = IntensityStatistics.Percentile(work, deep, 0.5);
            var fit = deep.Clone();
            for (int i = 0; i < fit.Length; i++)
            {
                if (work.Data[i] < median)
                {
                    fit.Data[i] = 0;
                }
            }
            return BiasField.Correct(work, fit);
        }

        private static Mask3D SphereMask(Volume3D work, (double X, double Y, double Z) c, double r, double lo, double hi)
        {
            var m = new Mask3D(work.Nx, work.Ny, work.Nz, work.Affine);
            var sp = work.Spacing;
            for (int z = 0; z < work.Nz; z++)
            {
                double dz = z * sp.Z - c.Z;
                for (int y = 0; y < work.Ny; y++)
                {
                    double dy = y * sp.Y - c.Y;
                    for (int x = 0; x < work.Nx; x++)
                    {
                        double dx = x * sp.X - c.X;
                        int i = work.Index(x, y, z);
                        float v = work.Data[i];
                        if (dx * dx + dy * dy + dz * dz <= r * r && v >= lo && v <= hi)
                        {
                            m.Data[i] = 1;
                        }
                    }
                }
            }
            return m;
        }
    }
}
