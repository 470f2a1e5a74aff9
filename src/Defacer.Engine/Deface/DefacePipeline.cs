using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Defacer.Engine.Nifti;
using Defacer.Engine.Safety;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Defaces one image at a time with one method, safely. The order of the steps is the safety argument:
    /// <list type="number">
    /// <item>Check: content present (not an annex pointer or dangling link), not already defaced (unless Force).</item>
    /// <item>Compute everything in memory: read, mask of the first volume, fill of removed voxels in every volume
    /// (only their bytes change), the new file's bytes, the marked sidecar, the mask image. Any failure or
    /// cancellation here leaves no trace on disk.</item>
    /// <item>In-place: back up the original (and its sidecar) to sourcedata/defacer, verified by SHA-256, never
    /// overwriting an existing backup.</item>
    /// <item>Commit: write the image to a temp file in the same folder and rename it over the original (an annex
    /// symlink is replaced, never written through). Cancellation is observed up to this rename and not after.</item>
    /// <item>Finish: mask, sidecar and provenance (each written atomically), so an image is never left half-done.</item>
    /// </list>
    /// Thread-safe: one pipeline can run several images in parallel (the method must be thread-safe, as pure ones are).
    /// </summary>
    public sealed class DefacePipeline
    {
        private readonly IDefaceMethod _method;
        private readonly DefaceOptions _options;

        /// <summary>Creates a pipeline.</summary>
        public DefacePipeline(IDefaceMethod method, DefaceOptions options)
        {
            _method = method ?? throw new ArgumentNullException(nameof(method));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.Fill == FaceFill.Blur && !(options.BlurFwhmMm > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.BlurFwhmMm, "BlurFwhmMm must be positive.");
            }
        }

        /// <summary>The method.</summary>
        public IDefaceMethod Method => _method;

        /// <summary>The options.</summary>
        public DefaceOptions Options => _options;

        /// <summary>Test hook: wraps the stream the defaced image is written to (e.g. to fail mid-write).</summary>
        internal Func<Stream, Stream>? OutputStreamWrapper { get; set; }

        /// <summary>True for the file names this pipeline can deface (.nii and .nii.gz).</summary>
        public static bool IsSupportedFileName(string path) =>
            path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Where the defaced image of <paramref name="target"/> goes: the image itself in in-place mode, otherwise
        /// its relative path under <see cref="DefaceOptions.OutputRoot"/>.
        /// </summary>
        public string GetOutputPath(DefaceTarget target) =>
            _options.OutputRoot == null ? target.ImagePath : Path.Combine(Path.GetFullPath(_options.OutputRoot), target.RelativePath);

        /// <summary>Defaces one image. Failures throw (<see cref="DefaceException"/>, <see cref="NiftiException"/>,
        /// <see cref="SafetyException"/>, <see cref="OperationCanceledException"/>, I/O exceptions) and leave the
        /// original untouched.</summary>
        public DefaceResult Run(DefaceTarget target, CancellationToken cancellationToken = default)
        {
            if (target == null)
            {
                throw new ArgumentNullException(nameof(target));
            }
            var clock = Stopwatch.StartNew();
            bool inPlace = _options.OutputRoot == null;
            string imagePath = target.ImagePath;

            // ---- 1. checks ---------------------------------------------------------------------------------------
            if (!IsSupportedFileName(imagePath))
            {
                throw new DefaceException(DefaceErrorKind.UnsupportedImage, imagePath, $"'{imagePath}' is not a .nii or .nii.gz file.");
            }
            RequireContent(imagePath, "image");
            if (inPlace && target.DatasetRoot == null)
            {
                throw new DefaceException(DefaceErrorKind.OutputPathRequired, imagePath,
                    $"'{imagePath}' is not inside a BIDS dataset (no dataset_description.json above it), so there is no sourcedata folder for its backup. Give -OutputPath to write a defaced copy instead.");
            }
            string outputPath = GetOutputPath(target);
            string sidecarOut = inPlace ? target.SidecarPath : DefaceMaskName.SidecarPathFor(outputPath);
            bool wasMarked = IsMarked(target.SidecarPath);
            if (!_options.Force)
            {
                if (wasMarked)
                {
                    return Skipped(target, outputPath, target.SidecarPath, clock);
                }
                if (!inPlace && (File.Exists(outputPath) || PathSafety.IsSymlink(outputPath)))
                {
                    if (IsMarked(sidecarOut))
                    {
                        return Skipped(target, outputPath, sidecarOut, clock);
                    }
                    throw new DefaceException(DefaceErrorKind.OutputExists, outputPath,
                        $"'{outputPath}' already exists and is not marked as defaced; it is not overwritten without -Force.");
                }
            }

            // ---- 2. compute in memory ----------------------------------------------------------------------------
            var stages = new System.Collections.Generic.SortedDictionary<string, double>(StringComparer.Ordinal);
            var lap = Stopwatch.StartNew();
            byte[] original = File.ReadAllBytes(imagePath); // follows a symlink to the content
            string shaBefore = FileHashing.Sha256(original);
            int originalLength = original.Length; // the bytes themselves are not needed after the read: let them go before the method runs
            bool gzip = imagePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            NiftiImage image;
            using (var ms = new MemoryStream(original, writable: false))
            {
                image = NiftiReader.Read(ms, imagePath, gzip);
            }
            if (!VoxelEncoder.Supports((int)image.Header.DataType))
            {
                throw new DefaceException(DefaceErrorKind.UnsupportedImage, imagePath,
                    $"'{imagePath}' has datatype {NiftiDataTypes.Name(image.Header.DataType)}, whose voxels have no single value to fill; it cannot be defaced.");
            }
            cancellationToken.ThrowIfCancellationRequested();

            var volume0 = image.ToVolume(0);
            stages["Read"] = Lap(lap);
            DefaceMaskResult mask;
            try
            {
                // External tools read the file itself (a byte copy keeps its datatype and header for the tool).
                mask = _method is External.IFileAwareDefaceMethod fileAware
                    ? fileAware.ComputeRemovalMask(imagePath, volume0, cancellationToken)
                    : _method.ComputeRemovalMask(volume0, cancellationToken);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is OutOfMemoryException) && !(ex is External.ExternalToolException))
            {
                throw new DefaceException(DefaceErrorKind.MethodFailed, imagePath, $"'{imagePath}': the {_method.Name} method failed: {ex.Message}", ex);
            }
            if (mask?.Remove == null || mask.Remove.Nx != volume0.Nx || mask.Remove.Ny != volume0.Ny || mask.Remove.Nz != volume0.Nz)
            {
                throw new DefaceException(DefaceErrorKind.MethodFailed, imagePath,
                    $"'{imagePath}': the {_method.Name} method returned a mask that is not on the image's {volume0.Nx}x{volume0.Ny}x{volume0.Nz} grid.");
            }
            stages["Method"] = Lap(lap);
            ulong seed = SeedFrom(shaBefore);
            FaceRemoval.Apply(image, mask.Remove, _options.Fill, seed, _options.BlurFwhmMm, cancellationToken);

            // The stream's own buffer is kept (no ToArray copy of the whole file at the moment memory peaks).
            var encoded = new MemoryStream(originalLength + (1 << 16));
            NiftiWriter.Write(image, encoded, gzip);
            byte[] defaced = encoded.GetBuffer();
            int defacedLength = (int)encoded.Length;
            string shaAfter = FileHashing.Sha256(defaced, 0, defacedLength);
            stages["FillAndEncode"] = Lap(lap);

            var result = new DefaceResult(target, _method.Name, DefaceStatus.Defaced)
            {
                Fill = _options.Fill,
                OutputPath = outputPath,
                SidecarPath = sidecarOut,
                VoxelsRemoved = mask.Remove.Count(),
                Volumes = image.VolumeCount,
                Sha256Before = shaBefore,
                Sha256After = shaAfter,
                Details = mask.Details,
            };
            result.PercentRemoved = 100.0 * result.VoxelsRemoved / mask.Remove.Length;
            result.BrainVoxelsRemoved = mask.Brain == null ? (long?)null : Overlap(mask.Remove, mask.Brain);

            // Prepared before the commit, so an unreadable sidecar fails the image before anything is written.
            byte[] sidecarBytes = PrepareSidecar(target.SidecarPath);
            byte[]? maskBytes = null;
            if (_options.SaveMask)
            {
                using (var ms = new MemoryStream())
                {
                    NiftiWriter.Write(DefaceMaskImage.Create(image.Header, mask.Remove), ms, gzip: true);
                    maskBytes = ms.ToArray();
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            stages["Prepare"] = Lap(lap);

            // ---- 3. backups (in place) ---------------------------------------------------------------------------
            string provenanceRoot;
            if (inPlace)
            {
                var store = new BackupStore(target.DatasetRoot!, _options.ToolFolder);
                result.BackupPath = BackupKeepingOriginal(store, imagePath, wasMarked);
                if (File.Exists(target.SidecarPath))
                {
                    // Other tools edit sidecars too (Remove-BidsMetadata backs up to the same folder): the first backup
                    // stays the true original and the current version is kept beside it, never a conflict.
                    store.BackupKeepingHistory(target.SidecarPath);
                }
                provenanceRoot = store.BackupRoot;
            }
            else
            {
                provenanceRoot = Path.Combine(Path.GetFullPath(_options.OutputRoot!), "sourcedata", _options.ToolFolder);
                Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
            }
            cancellationToken.ThrowIfCancellationRequested();
            stages["Backup"] = Lap(lap);

            // ---- 4. commit -------------------------------------------------------------------------------------------
            AtomicFile.Replace(outputPath, s =>
            {
                var target2 = OutputStreamWrapper?.Invoke(s) ?? s;
                target2.Write(defaced, 0, defacedLength);
                target2.Flush();
            }, cancellationToken);
            result.TimeUtc = DateTime.UtcNow;

            // ---- 5. finish (not cancellable: the image is already defaced) ---------------------------------------
            if (maskBytes != null)
            {
                var maskPath = Path.Combine(Path.GetDirectoryName(outputPath)!, DefaceMaskName.ForImage(imagePath));
                AtomicFile.WriteAllBytes(maskPath, maskBytes);
                result.MaskPath = maskPath;
            }
            AtomicFile.WriteAllBytes(sidecarOut, sidecarBytes);
            result.ProvenancePath = DefaceProvenance.PathFor(provenanceRoot, target.RelativePath);
            stages["Write"] = Lap(lap);
            result.StageSeconds = stages;
            result.Seconds = clock.Elapsed.TotalSeconds;
            DefaceProvenance.Append(result.ProvenancePath, DefaceProvenance.BuildEntry(result, _options, _options.MethodParameters));
            return result;
        }

        /// <summary>The DeidentificationMethod entry written into sidecars.</summary>
        public string DescribeMethod()
        {
            string fill = _options.Fill == FaceFill.Blur
                ? $"blurred (Gaussian FWHM {_options.BlurFwhmMm.ToString(System.Globalization.CultureInfo.InvariantCulture)} mm)"
                : _options.Fill == FaceFill.Noise ? "replaced by background noise" : "set to zero";
            return $"Defacer {_options.ModuleVersion} Invoke-Deface -Method {_method.Name}: face voxels {fill}";
        }

        private byte[] PrepareSidecar(string sidecarPath)
        {
            byte[]? existing = null;
            if (File.Exists(sidecarPath) || PathSafety.IsSymlink(sidecarPath))
            {
                RequireContent(sidecarPath, "sidecar");
                existing = File.ReadAllBytes(sidecarPath);
            }
            try
            {
                return SidecarMarker.Mark(existing, DescribeMethod());
            }
            catch (InvalidDataException ex)
            {
                throw new DefaceException(DefaceErrorKind.SidecarInvalid, sidecarPath, $"'{sidecarPath}': {ex.Message}", ex);
            }
        }

        // A forced re-run finds the true original's backup already there (the current file is the defaced one):
        // that backup is the one to keep, so the conflict is expected and the existing backup is reported.
        private string BackupKeepingOriginal(BackupStore store, string path, bool alreadyDefaced)
        {
            try
            {
                return store.Backup(path).BackupPath;
            }
            catch (SafetyException ex) when (ex.Kind == SafetyErrorKind.BackupConflict && _options.Force && alreadyDefaced)
            {
                return store.GetBackupPath(path);
            }
        }

        private bool IsMarked(string sidecarPath)
        {
            if (!File.Exists(sidecarPath) && !PathSafety.IsSymlink(sidecarPath))
            {
                return false;
            }
            RequireContent(sidecarPath, "sidecar");
            try
            {
                return SidecarMarker.IsFileMarkedDefaced(sidecarPath);
            }
            catch (InvalidDataException ex)
            {
                throw new DefaceException(DefaceErrorKind.SidecarInvalid, sidecarPath, ex.Message, ex);
            }
        }

        private static void RequireContent(string path, string what)
        {
            if (PathSafety.IsDanglingSymlink(path) || PathSafety.IsAnnexPointerFile(path))
            {
                throw new DefaceException(DefaceErrorKind.ImageContentAbsent, path,
                    $"The {what} '{path}' has no content here (a git-annex/DataLad file that was not fetched). Run `datalad get \"{path}\"` first.");
            }
        }

        // A skipped image still reports its backup (from an earlier run), so quality checks downstream can compare.
        private DefaceResult Skipped(DefaceTarget target, string outputPath, string sidecar, Stopwatch clock)
        {
            string? backup = null;
            if (_options.OutputRoot == null && target.DatasetRoot != null)
            {
                var candidate = Path.Combine(target.DatasetRoot, "sourcedata", _options.ToolFolder, target.RelativePath);
                backup = File.Exists(candidate) ? candidate : null;
            }
            return new DefaceResult(target, _method.Name, DefaceStatus.AlreadyDefaced)
            {
                Fill = _options.Fill,
                OutputPath = outputPath,
                BackupPath = backup,
                SidecarPath = sidecar,
                Seconds = clock.Elapsed.TotalSeconds,
            };
        }

        private static long Overlap(Volumes.Mask3D a, Volumes.Mask3D b)
        {
            if (a.Length != b.Length)
            {
                return -1;
            }
            long n = 0;
            for (int i = 0; i < a.Data.Length; i++)
            {
                if (a.Data[i] != 0 && b.Data[i] != 0)
                {
                    n++;
                }
            }
            return n;
        }

        private static double Lap(Stopwatch lap)
        {
            double s = lap.Elapsed.TotalSeconds;
            lap.Restart();
            return s;
        }

        /// <summary>The noise seed: the first 8 bytes of the input's SHA-256, so the same input gives the same noise.</summary>
        internal static ulong SeedFrom(string sha256Hex) => Convert.ToUInt64(sha256Hex.Substring(0, 16), 16);
    }
}
