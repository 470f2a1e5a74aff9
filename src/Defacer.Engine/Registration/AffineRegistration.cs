using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Registration
{
    /// <summary>How the registration picks its starting transform.</summary>
    public enum RegistrationInitialization
    {
        /// <summary>Match the centres of the head tops (robust to necks and shoulders in the field of view).</summary>
        HeadTop,

        /// <summary>Match the intensity centres of mass of the whole images.</summary>
        CentreOfMass,

        /// <summary>Start from the identity in world coordinates (the images are already roughly aligned).</summary>
        Identity,
    }

    /// <summary>
    /// Affine registration of a moving image (e.g. a head template) to a fixed image (the subject), configured like
    /// SimpleITK's ImageRegistrationMethod and then run with <see cref="Register"/>.
    /// <para>
    /// Everything happens in world millimetres, so the storage order and obliquity of either image do not matter.
    /// Per pyramid level (default 8, 4, 2 mm) both images are smoothed in mm and resampled isotropically; a fixed,
    /// seeded set of points of the fixed image is drawn, and the correlation-ratio cost between the binned fixed
    /// intensities and the interpolated moving intensities is minimised by a Hooke-Jeeves pattern search.
    /// The first level starts from the head-top alignment, tries a grid of rotations, and optimises rigid then
    /// similarity parameters from the best <see cref="StartsKept"/> of them; each is refined at the second level and
    /// the lowest cost there continues; later levels refine the full 12-parameter affine (or <see cref="FinalKind"/>).
    /// The result is a pure function of the two images and these settings.
    /// </para>
    /// </summary>
    public sealed class AffineRegistration
    {
        // A rotation of one radian moves a point on a typical head (radius ~ 70 mm) by this many mm: it converts
        // translation steps into comparable rotation, scale and shear steps.
        private const double HeadRadiusMm = 70;

        /// <summary>Voxel sizes of the pyramid levels, coarse to fine (mm).</summary>
        public double[] LevelSpacingsMm { get; set; } = { 8, 4, 2 };

        /// <summary>Gaussian sigma of each level as a fraction of its spacing.</summary>
        public double SmoothingFactor { get; set; } = 0.5;

        /// <summary>Number of metric sample points per level (matched by index to <see cref="LevelSpacingsMm"/>; the last value repeats).</summary>
        public int[] SamplesPerLevel { get; set; } = { 3000, 6000, 12000 };

        /// <summary>Histogram bins of the fixed intensities in the correlation ratio.</summary>
        public int HistogramBins { get; set; } = 32;

        /// <summary>Seed of the sample-point generator: same seed, same result.</summary>
        public ulong Seed { get; set; } = 0x5EEDD3FAC3UL;

        /// <summary>Iteration budget of each optimisation stage.</summary>
        public int MaxIterationsPerStage { get; set; } = 120;

        /// <summary>The most general transform fitted (default: 12-parameter affine).</summary>
        public TransformKind FinalKind { get; set; } = TransformKind.Affine;

        /// <summary>How the starting transform is chosen.</summary>
        public RegistrationInitialization Initialization { get; set; } = RegistrationInitialization.HeadTop;

        /// <summary>Depth of the head cap used by <see cref="RegistrationInitialization.HeadTop"/> (mm).</summary>
        public double HeadCapDepthMm { get; set; } = 100;

        /// <summary>Try a grid of starting rotations at the first level (for tilted heads).</summary>
        public bool RotationSearch { get; set; } = true;

        /// <summary>Pitch (about the left-right axis) angles tried by the rotation search, degrees.</summary>
        public double[] SearchPitchDegrees { get; set; } = { -30, -15, 0, 15, 30 };

        /// <summary>Roll and yaw angles tried by the rotation search, degrees.</summary>
        public double[] SearchRollYawDegrees { get; set; } = { -15, 0, 15 };

        /// <summary>
        /// How many starts of the rotation search (the best of each pitch, best first) are fitted at the first two
        /// levels; the lowest cost at the second level continues. On a partial field of view (the axial 5 mm FLAIR, cut
        /// below the nose) the 8 mm level ranks a pitch 24 degrees off first, and the best three starts overall were
        /// all of that pitch.
        /// </summary>
        public int StartsKept { get; set; } = 2;

        /// <summary>
        /// A starting transform (fixed world to moving world), e.g. from a previous registration or known geometry.
        /// When set, <see cref="Initialization"/> is ignored and the optimised transform is <c>P · InitialTransform</c>.
        /// </summary>
        public Affine? InitialTransform { get; set; }

        /// <summary>Registers <paramref name="movingImage"/> to <paramref name="fixedImage"/>.</summary>
        public RegistrationResult Register(Volume3D fixedImage, Volume3D movingImage, CancellationToken cancellationToken = default)
        {
            if (fixedImage == null)
            {
                throw new ArgumentNullException(nameof(fixedImage));
            }
            if (movingImage == null)
            {
                throw new ArgumentNullException(nameof(movingImage));
            }
            Validate();
            var watch = Stopwatch.StartNew();
            var stages = new List<RegistrationStageReport>();

            var fixedLevels = new Volume3D[LevelSpacingsMm.Length];
            var movingLevels = new Volume3D[LevelSpacingsMm.Length];
            for (int l = 0; l < LevelSpacingsMm.Length; l++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double s = LevelSpacingsMm[l];
                fixedLevels[l] = ImagePyramid.Level(fixedImage, s, SmoothingFactor * s);
                movingLevels[l] = ImagePyramid.Level(movingImage, s, SmoothingFactor * s);
            }

            var (centre, p) = Initialize(fixedLevels[0], movingLevels[0]);
            var pre = Affine.Identity;
            if (InitialTransform.HasValue)
            {
                pre = InitialTransform.Value;
                p = new double[AffineParameters.Count];
                var c = pre.Apply(centre.X, centre.Y, centre.Z);
                centre = c;
            }
            Affine Compose(double[] q) => AffineParameters.ToAffine(q, centre.X, centre.Y, centre.Z).Multiply(pre);
            var initial = Compose(p);

            for (int l = 0; l < LevelSpacingsMm.Length; l++)
            {
                double s = LevelSpacingsMm[l];
                var metric = LevelMetric(fixedLevels[l], movingLevels[l], Compose(p), l);
                double Cost(double[] full) => metric.Cost(Compose(full));

                if (l == 0)
                {
                    // The coarsest level fits each surviving start of the rotation search (rigid, then similarity).
                    var starts = RotationSearch ? SearchRotations(Cost, p, s, cancellationToken) : new List<double[]> { p };
                    var fits = new List<(double[] P, List<RegistrationStageReport> Stages)>();
                    List<RegistrationStageReport>? stagesOfChoice = null;
                    foreach (var start in starts)
                    {
                        var q = start;
                        var reports = new List<RegistrationStageReport>();
                        foreach (var kind in FinalKind == TransformKind.Rigid ? new[] { TransformKind.Rigid } : new[] { TransformKind.Rigid, TransformKind.Similarity })
                        {
                            q = RunStage(metric, Cost, q, kind, s, reports, cancellationToken);
                        }
                        fits.Add((q, reports));
                    }
                    if (fits.Count > 1 && LevelSpacingsMm.Length > 1)
                    {
                        // Each start is also fitted at the second level (full FinalKind) and the lowest cost there wins:
                        // two pitches can look alike until scale and shear are free (on the FLAIR the wrong one ranks
                        // first at the 8 mm level and after the similarity fit, and last once the affine is fitted).
                        double best = double.PositiveInfinity;
                        for (int c = 0; c < fits.Count; c++)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var start = fits[c].P;
                            var next = LevelMetric(fixedLevels[1], movingLevels[1], Compose(start), 1);
                            var reports = fits[c].Stages;
                            var q = RunStage(next, full => next.Cost(Compose(full)), start, FinalKind, LevelSpacingsMm[1], reports, cancellationToken);
                            double cost = reports[reports.Count - 1].Metric;
                            // Strictly lower wins, so ties keep the search's order and the choice is deterministic.
                            if (cost < best)
                            {
                                best = cost;
                                p = q;
                                stagesOfChoice = reports;
                            }
                        }
                        stages.AddRange(stagesOfChoice!);
                        l = 1;
                    }
                    else
                    {
                        p = fits[0].P;
                        stages.AddRange(fits[0].Stages);
                    }
                }
                else
                {
                    p = RunStage(metric, Cost, p, FinalKind, s, stages, cancellationToken);
                }
            }

            var final = Compose(p);
            watch.Stop();
            return new RegistrationResult(final, initial, new AffineParameters(p), centre, stages, watch.Elapsed);
        }

        private CorrelationRatioMetric LevelMetric(Volume3D fixedLevel, Volume3D movingLevel, Affine current, int level) =>
            CorrelationRatioMetric.Create(fixedLevel, movingLevel, current, SamplesPerLevel[Math.Min(level, SamplesPerLevel.Length - 1)],
                HistogramBins, Seed + (ulong)level);

        private double[] RunStage(CorrelationRatioMetric metric, Func<double[], double> cost, double[] p, TransformKind kind, double spacing,
            List<RegistrationStageReport> reports, CancellationToken ct)
        {
            int before = metric.Evaluations;
            var outcome = Optimize(cost, p, kind, spacing, ct);
            reports.Add(new RegistrationStageReport(spacing, kind, outcome.Iterations, metric.Evaluations - before, outcome.Cost,
                outcome.Converged ? StopReason.Converged : StopReason.MaximumIterations, metric.SampleCount));
            return outcome.Params;
        }

        private void Validate()
        {
            if (LevelSpacingsMm == null || LevelSpacingsMm.Length == 0 || LevelSpacingsMm.Any(s => !(s > 0)))
            {
                throw new InvalidOperationException("LevelSpacingsMm needs at least one positive spacing.");
            }
            if (SamplesPerLevel == null || SamplesPerLevel.Length == 0 || SamplesPerLevel.Any(n => n < 100))
            {
                throw new InvalidOperationException("SamplesPerLevel needs at least one value of 100 or more.");
            }
            if (HistogramBins < 2 || MaxIterationsPerStage < 1 || StartsKept < 1)
            {
                throw new InvalidOperationException("HistogramBins must be at least 2, MaxIterationsPerStage and StartsKept at least 1.");
            }
        }

        private ((double X, double Y, double Z) Centre, double[] Params) Initialize(Volume3D fixedLevel, Volume3D movingLevel)
        {
            (double X, double Y, double Z) cf, cm;
            switch (Initialization)
            {
                case RegistrationInitialization.HeadTop:
                    cf = HeadLocator.CapCentre(fixedLevel, HeadCapDepthMm);
                    cm = HeadLocator.CapCentre(movingLevel, HeadCapDepthMm);
                    break;
                case RegistrationInitialization.CentreOfMass:
                    cf = CentreOfMass(fixedLevel);
                    cm = CentreOfMass(movingLevel);
                    break;
                default:
                    cf = CentreOfMass(fixedLevel);
                    cm = cf;
                    break;
            }
            var p = new double[AffineParameters.Count];
            p[0] = cm.X - cf.X;
            p[1] = cm.Y - cf.Y;
            p[2] = cm.Z - cf.Z;
            return (cf, p);
        }

        private static (double X, double Y, double Z) CentreOfMass(Volume3D v)
        {
            double sx = 0, sy = 0, sz = 0, sw = 0;
            for (int z = 0, i = 0; z < v.Nz; z++)
            {
                for (int y = 0; y < v.Ny; y++)
                {
                    for (int x = 0; x < v.Nx; x++, i++)
                    {
                        double w = Math.Max(0f, v.Data[i]);
                        if (w == 0)
                        {
                            continue;
                        }
                        var p = v.Affine.Apply(x, y, z);
                        sx += w * p.X;
                        sy += w * p.Y;
                        sz += w * p.Z;
                        sw += w;
                    }
                }
            }
            return sw > 0 ? (sx / sw, sy / sw, sz / sw) : v.Affine.Apply((v.Nx - 1) / 2.0, (v.Ny - 1) / 2.0, (v.Nz - 1) / 2.0);
        }

        // Coarse grid of starting rotations, each with a short translation-only fit; the best few then get a full
        // rigid fit and are returned best first. Keeps a tilted head (or a tilted template) from a wrong local minimum.
        private List<double[]> SearchRotations(Func<double[], double> cost, double[] p, double spacing, CancellationToken ct)
        {
            var candidates = new List<(double Cost, double[] P)>();
            foreach (var pitch in SearchPitchDegrees)
            {
                foreach (var roll in SearchRollYawDegrees)
                {
                    foreach (var yaw in SearchRollYawDegrees)
                    {
                        var q = (double[])p.Clone();
                        q[3] += pitch * Math.PI / 180;
                        q[4] += roll * Math.PI / 180;
                        q[5] += yaw * Math.PI / 180;
                        var o = Optimize(cost, q, TransformKind.Rigid, spacing, ct, translationOnly: true, maxIterations: 12);
                        candidates.Add((o.Cost, o.Params));
                    }
                }
            }
            // The best start of each pitch (pitch is what a head's posture and a partial field of view confuse most;
            // the best few overall are often one pitch with different rolls), then the best StartsKept of those.
            // Stable order: ties keep the enumeration order, so the choice is deterministic.
            int perPitch = SearchRollYawDegrees.Length * SearchRollYawDegrees.Length;
            var best = candidates.Select((c, i) => (c.Cost, c.P, i))
                .GroupBy(c => c.i / perPitch)
                .Select(g => g.OrderBy(c => c.Cost).ThenBy(c => c.i).First())
                .OrderBy(c => c.Cost).ThenBy(c => c.i).Take(StartsKept).ToList();
            var refined = new List<(double Cost, double[] P, int Order)>();
            foreach (var c in best)
            {
                var o = Optimize(cost, c.P, TransformKind.Rigid, spacing, ct, maxIterations: 30);
                refined.Add((o.Cost, o.Params, c.i));
            }
            return refined.OrderBy(c => c.Cost).ThenBy(c => c.Order).Select(c => c.P).ToList();
        }

        private (double[] Params, double Cost, int Iterations, bool Converged) Optimize(Func<double[], double> cost, double[] p, TransformKind kind,
            double spacing, CancellationToken ct, bool translationOnly = false, int maxIterations = -1)
        {
            // Reduced vector: tx ty tz rx ry rz [u] or all 12; u is a log-scale added to all three axes.
            var baseP = (double[])p.Clone();
            int n = translationOnly ? 3 : kind == TransformKind.Rigid ? 6 : kind == TransformKind.Similarity ? 7 : 12;
            double t = spacing / 2, a = t / HeadRadiusMm;
            var start = new double[n];
            var steps = new double[n];
            var minSteps = new double[n];
            for (int i = 0; i < n; i++)
            {
                start[i] = i < 6 || kind == TransformKind.Affine ? baseP[i] : 0;
                steps[i] = i < 3 ? t : a;
                minSteps[i] = steps[i] / 16;
            }
            double[] Expand(double[] r)
            {
                var full = (double[])baseP.Clone();
                if (kind == TransformKind.Similarity && !translationOnly)
                {
                    Array.Copy(r, full, 6);
                    full[6] = baseP[6] + r[6];
                    full[7] = baseP[7] + r[6];
                    full[8] = baseP[8] + r[6];
                }
                else
                {
                    Array.Copy(r, full, n);
                }
                return full;
            }
            var outcome = PatternSearch.Minimize(r => cost(Expand(r)), start, steps, minSteps,
                maxIterations > 0 ? maxIterations : MaxIterationsPerStage, ct);
            return (Expand(outcome.X), outcome.Cost, outcome.Iterations, outcome.Converged);
        }
    }
}
