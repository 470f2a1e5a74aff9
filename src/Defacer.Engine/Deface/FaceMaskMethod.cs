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
    /// <see cref="FaceMaskTemplate.FaceRegion"/> (face tissue and the air just in front of it), never anything outside
    /// the mask's field of view (pydeface also removes whatever lies outside the template, e.g. the neck; we do not).
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
        private readonly Lazy<Volume3D> _faceVolume;
        private readonly Lazy<Volume3D?> _protectedTemplateBrain;
        private readonly Lazy<Volume3D?> _templateBrain;

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
            _faceVolume = new Lazy<Volume3D>(() => Resampler.MaskToVolume(Template.FaceRegion));
            // The template brain is grown in template space once (template mm ≈ subject mm up to the fitted scale),
            // and continued below the template's field of view as the face region is, so a subject brainstem that
            // reaches lower than the template's stays protected.
            _templateBrain = new Lazy<Volume3D?>(() => Template.BrainMask == null ? null : Resampler.MaskToVolume(Template.BrainMask));
            _protectedTemplateBrain = new Lazy<Volume3D?>(() => Template.BrainMask == null
                ? null
                : Resampler.MaskToVolume(MaskDilation.Dilate(
                    FaceMaskTemplate.Extrude(Template.BrainMask, 2, false, FaceMaskTemplate.ExtrusionInferiorMm), BrainMarginMm)));
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

            var remove = Threshold(_faceVolume.Value, volume, reg.FixedToMoving);
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
                var guard = Threshold(_protectedTemplateBrain.Value, volume, reg.FixedToMoving);
                saved += Subtract(remove, guard);
                if (brain == null)
                {
                    // Report the template brain (not its margin) as the brain this method used.
                    brain = Threshold(_templateBrain.Value!, volume, reg.FixedToMoving);
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

        // The mask of a template-grid 0/1 image carried into the subject's grid: trilinear, kept where ≥ 0.5, and 0
        // outside the image's field of view. Row by row into a small buffer, so no full-size float image is allocated.
        private static Mask3D Threshold(Volume3D source, Volume3D volume, Affine fixedToMoving)
        {
            var result = new Mask3D(volume.Nx, volume.Ny, volume.Nz, volume.Affine);
            var v2v = Resampler.VoxelToVoxel(volume.Affine, fixedToMoving, source.Affine);
            int nx = volume.Nx, ny = volume.Ny, nz = volume.Nz;
            var row = new float[nx];
            var data = result.Data;
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    var start = v2v.Apply(0, y, z);
                    Resampler.FillRow(source.Data, source.Nx, source.Ny, source.Nz, row, 0, nx, start.X, start.Y, start.Z,
                        v2v[0, 0], v2v[1, 0], v2v[2, 0], Interpolation.Linear, 0f);
                    long o = (long)nx * (y + (long)ny * z);
                    for (int x = 0; x < nx; x++)
                    {
                        if (row[x] >= 0.5f)
                        {
                            data[o + x] = 1;
                        }
                    }
                }
            }
            return result;
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
