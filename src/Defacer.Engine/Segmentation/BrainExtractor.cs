using System;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// Skull stripping by intensity and morphology in millimetres, on a working grid of about 2 mm:
    /// <list type="number">
    /// <item>head mask (<see cref="HeadMasker"/>) and the depth of every voxel under the head surface;</item>
    /// <item>tissue intensity from deep inside the head (mostly brain, whatever the contrast), dark level from the head's
    /// darkest voxels, tissue threshold between them;</item>
    /// <item>candidate = tissue deeper than the scalp and skull; erosion cuts thin bridges to the eyes, muscles and neck;</item>
    /// <item>the most superior large component is the brain; it is dilated back inside the candidate;</item>
    /// <item>a closing and hole filling turn it into an envelope that holds sulcal CSF and ventricles, as label maps and BET do;</item>
    /// <item>the envelope is interpolated back to the full-resolution grid (smooth boundary) and to the input storage order.</item>
    /// </list>
    /// Every step is linear in the voxel count (distance transforms, flood fills), so a 1 mm head takes well under a second.
    /// </summary>
    public static class BrainExtractor
    {
        /// <summary>The brain mask of <paramref name="volume"/> on its own grid and storage order.</summary>
        public static Mask3D Compute(Volume3D volume, BrainMaskOptions? options = null, CancellationToken cancellationToken = default)
        {
            var frame = CanonicalFrame.Of(volume);
            var result = ComputeCanonical(frame.ToCanonical(volume), options, cancellationToken);
            return frame.FromCanonical(result.Brain);
        }

        /// <summary>Brain and head masks of a volume already in canonical RAS order, on the same canonical grid.</summary>
        public static BrainMaskResult ComputeCanonical(Volume3D canonical, BrainMaskOptions? options = null, CancellationToken cancellationToken = default)
        {
            options = options ?? new BrainMaskOptions();
            var pyramid = GridPyramid.For(canonical, options.WorkingVoxelMm);
            var work = pyramid.Downsample(canonical);
            var head = HeadMasker.ComputeCanonical(work, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            var depth2 = DistanceTransform.SquaredDistanceTo(head, 0, cancellationToken);
            var (dark, tissue) = TissueLevels(work, head, depth2);
            double threshold = dark + options.ThresholdFraction * (tissue - dark);

            float scalp2 = (float)(options.ScalpDepthMm * options.ScalpDepthMm);
            var candidate = new Mask3D(work.Nx, work.Ny, work.Nz, work.Affine);
            for (int i = 0; i < candidate.Length; i++)
            {
                candidate.Data[i] = head.Data[i] != 0 && depth2[i] > scalp2 && work.Data[i] > threshold ? (byte)1 : (byte)0;
            }
            cancellationToken.ThrowIfCancellationRequested();

            var core = Morphology.Erode(candidate, options.BridgeErosionMm, cancellationToken);
            core = SelectBrainComponent(core);
            if (core.Count() == 0)
            {
                throw new InvalidOperationException("No brain-like tissue found: after cutting thin bridges nothing is left inside the head.");
            }
            double voxel = Math.Max(work.Spacing.X, Math.Max(work.Spacing.Y, work.Spacing.Z));
            var brain = Morphology.Dilate(core, options.BridgeErosionMm + voxel, cancellationToken);
            Morphology.IntersectInPlace(brain, candidate);
            brain = Morphology.ComponentsTouching(brain, core);
            cancellationToken.ThrowIfCancellationRequested();

            brain = Morphology.Close(brain, options.EnvelopeClosingMm, cancellationToken);
            brain = Morphology.FillHoles(brain);
            brain = Morphology.FillHolesInSlices(brain, 2);
            Morphology.IntersectInPlace(brain, head);

            var fineBrain = pyramid.Upsample(brain);
            var fineHead = pyramid.Upsample(head);
            return new BrainMaskResult(fineBrain, fineHead, threshold, dark, tissue);
        }

        // Dark level: 5th percentile inside the head (bone, air in sinuses, CSF on T1). Tissue level: median of the
        // voxels more than 25 mm under the head surface and within 100 mm of the top of the head, which are mostly
        // brain whatever the contrast (the neck and tongue, also deep, lie lower).
        private static (double Dark, double Tissue) TissueLevels(Volume3D work, Mask3D head, float[] depth2)
        {
            var deep = new Mask3D(work.Nx, work.Ny, work.Nz, work.Affine);
            int plane = work.Nx * work.Ny;
            int top = 0;
            for (int i = 0; i < head.Length; i++)
            {
                if (head.Data[i] != 0)
                {
                    top = Math.Max(top, i / plane);
                }
            }
            int lowest = Math.Max(0, top - (int)Math.Round(100 / work.Spacing.Z));
            long n = 0;
            for (double depth = 25; depth >= 5 && n < 1000; depth -= 5)
            {
                float d2 = (float)(depth * depth);
                n = 0;
                for (int i = lowest * plane; i < deep.Length; i++)
                {
                    deep.Data[i] = depth2[i] > d2 ? (byte)1 : (byte)0;
                    n += deep.Data[i];
                }
            }
            double tissue = IntensityStatistics.Percentile(work, deep, 0.5);
            double dark = IntensityStatistics.Percentile(work, head, 0.05);
            if (!(tissue > dark))
            {
                throw new InvalidOperationException("The head shows no contrast between tissue and its darkest part; no brain can be found.");
            }
            return (dark, tissue);
        }

        // The brain is the most superior of the large components: neck, tongue and shoulder muscles can be as big,
        // but they are always below it.
        private static Mask3D SelectBrainComponent(Mask3D core)
        {
            var (labels, sizes) = Morphology.LabelComponents(core);
            if (sizes.Length <= 1)
            {
                return core;
            }
            var sumZ = new double[sizes.Length];
            int plane = core.Nx * core.Ny;
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] != 0)
                {
                    sumZ[labels[i]] += i / plane;
                }
            }
            int largest = 1;
            for (int l = 2; l < sizes.Length; l++)
            {
                if (sizes[l] > sizes[largest])
                {
                    largest = l;
                }
            }
            int best = largest;
            for (int l = 1; l < sizes.Length; l++)
            {
                if (sizes[l] >= 0.25 * sizes[largest] && sumZ[l] / sizes[l] > sumZ[best] / sizes[best])
                {
                    best = l;
                }
            }
            var result = new Mask3D(core.Nx, core.Ny, core.Nz, core.Affine);
            for (int i = 0; i < labels.Length; i++)
            {
                result.Data[i] = labels[i] == best ? (byte)1 : (byte)0;
            }
            return result;
        }
    }
}
