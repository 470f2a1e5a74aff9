using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Defaces an image with the face mask of its session's T1w (BIDSonym's --deface_t2w, done properly): the base
    /// method computes the mask on the T1w, which usually shows the face best, a RIGID registration (correlation ratio,
    /// so it works across contrasts; starting from the scanner's own alignment, as both were acquired in one session)
    /// maps the T1w onto the image, and the mask is resampled into the image's grid. The T1w is read from its backup in
    /// sourcedata/defacer when there is one, so that an already defaced T1w still gives the original's mask.
    /// </summary>
    public sealed class T1wMaskTransferMethod : IDefaceMethod
    {
        private readonly IDefaceMethod _baseMethod;

        /// <summary>Creates the method.</summary>
        /// <param name="baseMethod">The method run on the T1w.</param>
        /// <param name="t1wPath">The T1w image.</param>
        /// <param name="datasetRoot">Its dataset, where a backup of the original may be (null for none).</param>
        public T1wMaskTransferMethod(IDefaceMethod baseMethod, string t1wPath, string? datasetRoot)
        {
            _baseMethod = baseMethod ?? throw new ArgumentNullException(nameof(baseMethod));
            T1wPath = t1wPath ?? throw new ArgumentNullException(nameof(t1wPath));
            DatasetRoot = datasetRoot;
            Registration = new AffineRegistration
            {
                FinalKind = TransformKind.Rigid,
                Initialization = RegistrationInitialization.Identity,
                RotationSearch = false,
            };
        }

        /// <inheritdoc />
        public string Name => _baseMethod.Name + "+T1wMask";

        /// <summary>The T1w whose mask is used.</summary>
        public string T1wPath { get; }

        /// <summary>The T1w's dataset, or null.</summary>
        public string? DatasetRoot { get; }

        /// <summary>The rigid registration settings.</summary>
        public AffineRegistration Registration { get; }

        /// <summary>
        /// The T1w to read for <paramref name="t1wPath"/>: its backup under <c>sourcedata/defacer</c> of
        /// <paramref name="datasetRoot"/> when one exists (the original face), otherwise the file itself.
        /// </summary>
        public static string OriginalOf(string t1wPath, string? datasetRoot, string toolFolder = "defacer")
        {
            if (datasetRoot != null)
            {
                var full = Path.GetFullPath(t1wPath);
                var root = Path.GetFullPath(datasetRoot).TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
                if (full.StartsWith(root, StringComparison.Ordinal))
                {
                    var backup = Path.Combine(root, "sourcedata", toolFolder, full.Substring(root.Length));
                    if (File.Exists(backup))
                    {
                        return backup;
                    }
                }
            }
            return t1wPath;
        }

        /// <inheritdoc />
        public DefaceMaskResult ComputeRemovalMask(Volume3D volume, CancellationToken cancellationToken)
        {
            // Resolved now, not at construction: the T1w may have been defaced (and backed up) in the meantime.
            var source = OriginalOf(T1wPath, DatasetRoot);
            var t1w = NiftiReader.Read(source).ToVolume(0);
            cancellationToken.ThrowIfCancellationRequested();
            var t1wMask = _baseMethod.ComputeRemovalMask(t1w, cancellationToken);
            // Fixed = this image, moving = the T1w: FixedToMoving maps this image's world to the T1w's, which is what
            // the resampler needs to bring the T1w's mask here.
            var reg = Registration.Register(volume, t1w, cancellationToken);
            var remove = Resampler.ResampleMask(t1wMask.Remove, volume.Nx, volume.Ny, volume.Nz, volume.Affine, reg.FixedToMoving, Interpolation.Linear);
            var details = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["ReferenceT1w"] = T1wPath,
                ["ReferenceT1wRead"] = source,
                ["RegistrationKind"] = "Rigid",
                ["RegistrationMetric"] = reg.FinalMetric,
                ["RegistrationIterations"] = reg.TotalIterations,
                ["RegistrationStopReason"] = reg.StopReason.ToString(),
                ["T1wVoxelsRemoved"] = t1wMask.Remove.Count(),
            };
            foreach (var kv in t1wMask.Details)
            {
                details["T1w." + kv.Key] = kv.Value;
            }
            Mask3D? brain = t1wMask.Brain == null ? null
                : Resampler.ResampleMask(t1wMask.Brain, volume.Nx, volume.Ny, volume.Nz, volume.Affine, reg.FixedToMoving, Interpolation.Linear);
            return new DefaceMaskResult(remove, brain, details);
        }
    }
}
