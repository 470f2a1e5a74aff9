using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Method "FaceMask": pydeface's algorithm, native. A head template is registered to the subject (12-parameter
    /// affine, see <see cref="AffineRegistration"/>), the template's face mask is carried into the subject's grid
    /// (trilinear, thresholded at 0.5), and the voxels it calls face are removed: only the template's
    /// <see cref="FaceMaskTemplate.FaceRegion"/>: face tissue and the air just in front of it, and, below the mask's
    /// field of view, everything in front of a plane 10 mm in front of the template's brainstem (mouth, jaw, chin and
    /// the front of the neck, however far down the image goes). pydeface removes everything outside its template,
    /// the back of the head and neck included; this method does not.
    /// <para>
    /// Brain safety: the brain (the subject brain mask from <c>brainMaskProvider</c> when given, and the template's
    /// brain mask carried along with the face mask when the template has one) is grown by
    /// <see cref="BrainMarginMm"/> and subtracted from the removal; how many voxels that saved is recorded in
    /// <see cref="DefaceMaskResult.Details"/> (<c>BrainVoxelsSaved</c>), a quality signal in the spirit of UK Biobank's
    /// face-mask-inside-brain count. The external pydeface back end will be called "Pydeface"; this one is not it.
    /// </para>
    /// </summary>
    public sealed class FaceMaskMethod : IDefaceMethod
    {
        /// <summary>The method name users pass to <c>Invoke-Deface -Method</c>.</summary>
        public const string MethodName = "FaceMask";

        private readonly Func<Volume3D, CancellationToken, Mask3D>? _brainMaskProvider;
        private readonly Lazy<OpenEdgeMask?> _protectedTemplateBrain;
        private readonly Lazy<OpenEdgeMask?> _templateBrain;

        /// <summary>Creates the method.</summary>
        /// <param name="template">Template, face mask and (optionally) brain mask.</param>
        /// <param name="brainMaskProvider">Computes the subject's brain mask on the subject's grid (e.g. a skull
        /// stripper); null to rely on the template's brain mask only.</param>
        /// <param name="registration">Registration settings; null for the defaults.</param>
        public FaceMaskMethod(FaceMaskTemplate template, Func<Volume3D, CancellationToken, Mask3D>? brainMaskProvider = null,
            AffineRegistration? registration = null)
        {
            Template = template ?? throw new ArgumentNullException(nameof(template));
            _brainMaskProvider = brainMaskProvider;
            Registration = registration ?? new AffineRegistration();
            // The template brain is grown in template space once (template mm ≈ subject mm up to the fitted scale),
            // and continued below the template's field of view as the face region is, so a subject brainstem that
            // reaches lower than the template's stays protected.
            _templateBrain = new Lazy<OpenEdgeMask?>(() => Template.BrainMask == null ? null : new OpenEdgeMask(Template.BrainMask));
            _protectedTemplateBrain = new Lazy<OpenEdgeMask?>(() => Template.BrainMask == null
                ? null
                : new OpenEdgeMask(MaskDilation.Dilate(Template.BrainMask, BrainMarginMm), (2, false)));
        }

        /// <inheritdoc />
        public string Name => MethodName;

        /// <summary>The template set in use.</summary>
        public FaceMaskTemplate Template { get; }

        /// <summary>The registration settings.</summary>
        public AffineRegistration Registration { get; }

        /// <summary>Where the subject brain mask comes from, for provenance ("skull-strip", "BrainMask parameter"...).</summary>
        public string SubjectBrainSource { get; set; } = "none";

        /// <summary>Margin (mm) around the brain that is never removed. Set before the first use.</summary>
        public double BrainMarginMm { get; set; } = 4;

        /// <inheritdoc />
        public DefaceMaskResult ComputeRemovalMask(Volume3D volume, CancellationToken cancellationToken)
        {
            if (volume == null)
            {
                throw new ArgumentNullException(nameof(volume));
            }
            var watch = Stopwatch.StartNew();
            var reg = Registration.Register(volume, Template.Template, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            var remove = Template.FaceRegion.CarryInto(volume, reg.FixedToMoving);
            long faceVoxels = remove.Count();

            Mask3D? brain = null;
            long saved = 0;
            string subjectBrain = _brainMaskProvider == null ? "none" : SubjectBrainSource;
            if (_brainMaskProvider != null)
            {
                try
                {
                    brain = _brainMaskProvider(volume, cancellationToken);
                }
                catch (InvalidOperationException ex) when (Template.BrainMask != null)
                {
                    // The skull stripper found no brain (unusual contrast, odd field of view): the template's brain
                    // guard still applies; say so in the provenance rather than fail the image.
                    subjectBrain = "failed: " + ex.Message;
                    brain = null;
                }
            }
            if (brain != null)
            {
                if (brain.Nx != volume.Nx || brain.Ny != volume.Ny || brain.Nz != volume.Nz)
                {
                    throw new ArgumentException($"The brain mask grid {brain.Nx}x{brain.Ny}x{brain.Nz} does not match the image grid {volume.Nx}x{volume.Ny}x{volume.Nz}.");
                }
                saved += Subtract(remove, MaskDilation.Dilate(brain, BrainMarginMm));
            }
            if (_protectedTemplateBrain.Value != null)
            {
                var guard = _protectedTemplateBrain.Value.CarryInto(volume, reg.FixedToMoving);
                saved += Subtract(remove, guard);
                if (brain == null)
                {
                    // Report the template brain (not its margin) as the brain this method used.
                    brain = _templateBrain.Value!.CarryInto(volume, reg.FixedToMoving);
                }
            }
            watch.Stop();

            var details = new Dictionary<string, object>
            {
                ["Template"] = Template.Name,
                ["FaceMaskConvention"] = Template.Convention.ToString(),
                ["Registration.Iterations"] = reg.TotalIterations,
                ["Registration.IterationsPerStage"] = reg.Stages.Select(s => s.Iterations).ToArray(),
                ["Registration.Stages"] = reg.Stages.Select(s => s.ToString()).ToArray(),
                ["Registration.FinalMetric"] = reg.FinalMetric,
                ["Registration.Metric"] = "SymmetricCorrelationRatio",
                ["Registration.StopReason"] = reg.StopReason.ToString(),
                ["Registration.Transform"] = reg.FixedToMoving.ToRowMajor(),
                ["Registration.Parameters"] = reg.Parameters.ToString(),
                ["Registration.Seconds"] = Math.Round(reg.Elapsed.TotalSeconds, 3),
                ["FaceVoxels"] = faceVoxels,
                ["BrainVoxelsSaved"] = saved,
                ["SubjectBrainMask"] = subjectBrain,
                ["BrainMarginMm"] = BrainMarginMm,
                ["RemovedVoxels"] = remove.Count(),
                ["Seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
            };
            return new DefaceMaskResult(remove, brain, details);
        }

        private static long Subtract(Mask3D remove, Mask3D protect)
        {
            long saved = 0;
            var r = remove.Data;
            var p = protect.Data;
            for (int i = 0; i < r.Length; i++)
            {
                if (r[i] != 0 && p[i] != 0)
                {
                    r[i] = 0;
                    saved++;
                }
            }
            return saved;
        }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} ({1})", MethodName, Template.Name);
    }
}
