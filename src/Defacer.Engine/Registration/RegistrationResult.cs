using System;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Registration
{
    /// <summary>Why an optimisation stage ended.</summary>
    public enum StopReason
    {
        /// <summary>Every step fell below its tolerance: a local minimum at the requested precision.</summary>
        Converged,

        /// <summary>The iteration budget ran out first.</summary>
        MaximumIterations,
    }

    /// <summary>Degrees of freedom of a registration stage.</summary>
    public enum TransformKind
    {
        /// <summary>6: translations and rotations.</summary>
        Rigid = 6,

        /// <summary>7: rigid plus one isotropic scale.</summary>
        Similarity = 7,

        /// <summary>12: rigid plus three scales and three shears.</summary>
        Affine = 12,
    }

    /// <summary>What one optimisation stage (at one pyramid level) did.</summary>
    public sealed class RegistrationStageReport
    {
        internal RegistrationStageReport(double spacingMm, TransformKind kind, int iterations, int evaluations, double metric, StopReason stopReason, int samples)
        {
            SpacingMm = spacingMm;
            Kind = kind;
            Iterations = iterations;
            Evaluations = evaluations;
            Metric = metric;
            StopReason = stopReason;
            Samples = samples;
        }

        /// <summary>Voxel size of the pyramid level (mm).</summary>
        public double SpacingMm { get; }

        /// <summary>Degrees of freedom optimised.</summary>
        public TransformKind Kind { get; }

        /// <summary>Pattern-search iterations.</summary>
        public int Iterations { get; }

        /// <summary>Cost evaluations (including the rotation search at the first level).</summary>
        public int Evaluations { get; }

        /// <summary>Cost at the end of the stage (correlation-ratio cost: 0 best, 1 worst).</summary>
        public double Metric { get; }

        /// <summary>Why the stage ended.</summary>
        public StopReason StopReason { get; }

        /// <summary>Number of metric sample points at this level.</summary>
        public int Samples { get; }

        public override string ToString() => FormattableString.Invariant($"{SpacingMm} mm {Kind}: {Iterations} it, {Evaluations} eval, cost {Metric:0.0000}, {StopReason}");
    }

    /// <summary>The outcome of <see cref="AffineRegistration.Register"/>.</summary>
    public sealed class RegistrationResult
    {
        internal RegistrationResult(Affine fixedToMoving, Affine initial, AffineParameters parameters, (double X, double Y, double Z) centre,
            IReadOnlyList<RegistrationStageReport> stages, TimeSpan elapsed)
        {
            FixedToMoving = fixedToMoving;
            InitialFixedToMoving = initial;
            Parameters = parameters;
            Centre = centre;
            Stages = stages;
            Elapsed = elapsed;
        }

        /// <summary>
        /// Maps fixed (subject) world mm to moving (template) world mm: pass it to <see cref="Resampler"/> to bring
        /// the template, or anything on the template's grid, into the subject's grid.
        /// </summary>
        public Affine FixedToMoving { get; }

        /// <summary>The inverse: moving world mm to fixed world mm (where a template point lies in the subject).</summary>
        public Affine MovingToFixed => FixedToMoving.Inverse();

        /// <summary>The starting transform (head-top alignment).</summary>
        public Affine InitialFixedToMoving { get; }

        /// <summary>The 12 parameters about <see cref="Centre"/> that give <see cref="FixedToMoving"/>.</summary>
        public AffineParameters Parameters { get; }

        /// <summary>The point the rotations, scales and shears are about: the fixed image's head-cap centre (fixed world),
        /// or, with an <see cref="AffineRegistration.InitialTransform"/>, its image under that transform.</summary>
        public (double X, double Y, double Z) Centre { get; }

        /// <summary>Every stage in order, coarse to fine.</summary>
        public IReadOnlyList<RegistrationStageReport> Stages { get; }

        /// <summary>Cost after the last stage.</summary>
        public double FinalMetric => Stages.Count > 0 ? Stages[Stages.Count - 1].Metric : 1.0;

        /// <summary>Why the last stage ended.</summary>
        public StopReason StopReason => Stages.Count > 0 ? Stages[Stages.Count - 1].StopReason : StopReason.Converged;

        /// <summary>Total pattern-search iterations.</summary>
        public int TotalIterations
        {
            get
            {
                int n = 0;
                foreach (var s in Stages)
                {
                    n += s.Iterations;
                }
                return n;
            }
        }

        /// <summary>Wall-clock time of the registration.</summary>
        public TimeSpan Elapsed { get; }
    }
}
