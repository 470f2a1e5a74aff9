using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Nifti;
using Defacer.Engine.Rendering;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// Judges one defaced image against its original: is every brain voxel intact, is the face gone, did anything else
    /// change, is the header the same. Without an original it audits an image: is a face still there.
    /// <para>
    /// The brain mask is computed on the original (<see cref="BrainExtractor"/>) and any changed voxel inside it counts.
    /// Facial features are located by <see cref="FacePresenceDetector"/> on the original and looked for again on the
    /// defaced image; a feature present in both "remains" and fails the image. The face region is the union of the
    /// features' regions, in world millimetres, so storage order and voxel size do not matter. Only the first volume
    /// of a 4D image is compared (the pipeline applies one mask to every volume).
    /// </para>
    /// </summary>
    public sealed class DefaceQualityChecker
    {
        private static readonly SurfaceView[] s_views = { SurfaceView.Front, SurfaceView.Left, SurfaceView.ThreeQuarter };

        public DefaceQualityChecker(DefaceQualityOptions? options = null)
        {
            Options = options ?? new DefaceQualityOptions();
        }

        public DefaceQualityOptions Options { get; }

        /// <summary>
        /// Compares <paramref name="defacedPath"/> with <paramref name="originalPath"/>. Pictures go to
        /// <paramref name="pictureFolder"/> (created) when it is given and <see cref="DefaceQualityOptions.Pictures"/> is on.
        /// </summary>
        /// <exception cref="NiftiException">Either file cannot be read.</exception>
        public DefaceQualityResult Compare(string originalPath, string defacedPath, string? pictureFolder = null, CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            var stages = new QualityStageClock();
            var originalImage = NiftiReader.Read(originalPath);
            var defacedImage = NiftiReader.Read(defacedPath);
            var result = new DefaceQualityResult(defacedPath, originalPath);
            var reasons = new List<string>();
            var verdict = QualityVerdict.Pass;

            result.HeaderPreserved = HeadersEqual(originalImage, defacedImage);
            if (result.HeaderPreserved == false)
            {
                reasons.Add("header differs from the original's");
                verdict = Worse(verdict, Options.FailOnHeaderChange ? QualityVerdict.Fail : QualityVerdict.Warn);
            }

            var original = originalImage.ToVolume(0);
            var defaced = defacedImage.ToVolume(0);
            if (!defaced.HasSameGeometry(original.Nx, original.Ny, original.Nz, original.Affine))
            {
                reasons.Add($"the defaced image's grid ({defaced.Nx}x{defaced.Ny}x{defaced.Nz}) differs from the original's ({original.Nx}x{original.Ny}x{original.Nz}); voxels cannot be compared");
                result.Verdict = QualityVerdict.Fail;
                result.Reasons = reasons;
                result.Seconds = clock.Elapsed.TotalSeconds;
                return result;
            }
            cancellationToken.ThrowIfCancellationRequested();

            var changed = ChangedMask(original, defaced, out long changedVoxels);
            result.ChangedVoxels = changedVoxels;
            stages.Lap("read");

            var brain = BrainExtractor.Compute(original, null, cancellationToken);
            result.BrainVoxels = CountBoth(brain, changed, out long brainChanged);
            result.BrainVoxelsChanged = brainChanged;
            if (result.BrainVoxelsChanged > Options.MaxBrainVoxelsChanged)
            {
                reasons.Add(string.Format(CultureInfo.InvariantCulture, "{0} brain voxels changed ({1:0.###}% of the brain)", result.BrainVoxelsChanged, result.BrainChangedPercent));
                verdict = QualityVerdict.Fail;
            }
            stages.Lap("brain mask");
            cancellationToken.ThrowIfCancellationRequested();

            // One air/tissue threshold, the original's, for both head masks and all renders. Defacing zeroes voxels
            // and leaves the others as they were, so the original's level still separates tissue from air in the
            // defaced image, whereas one estimated on the defaced image is pulled up by the zeros (on the phantom
            // dataset it nearly doubled and the defaced "head" lost about 40% of the tissue that was kept, which
            // counted as air in SNR and FBER). The defaced head mask serves both the face detection and the measures.
            // The original's values counted once (integer images) serve the threshold and the slice pictures' window.
            var originalCounts = Rendering.IntensityStatistics.CountIntegerValues(original.Data);
            double threshold = SurfaceThreshold.EstimateFromCounts(original, 0.5, originalCounts);
            var head = HeadMask.Build(original, threshold);
            var headDefaced = HeadMask.Build(defaced, threshold);
            var before = FacePresenceDetector.Detect(original, head);
            var after = FacePresenceDetector.Detect(defaced, headDefaced);
            var regions = FaceRegions.Measure(original, head, changed, before.Features, RemovalRegion);
            var faceRegion = regions.Union;
            result.FaceRegionVoxels = regions.UnionVoxels;
            result.FaceRemovedPercent = result.FaceRegionVoxels == 0 ? double.NaN : 100.0 * regions.UnionChanged / result.FaceRegionVoxels;

            var features = new List<FeatureCheck>();
            for (int f = 0; f < before.Features.Count; f++)
            {
                var evidence = before.Features[f];
                long regionVoxels = regions.Voxels[f];
                double removed = regionVoxels == 0 ? double.NaN : 100.0 * regions.Changed[f] / regionVoxels;
                features.Add(new FeatureCheck(evidence.Feature, evidence.State, after[evidence.Feature].State, removed,
                    Options.MinFeatureRemovedPercent.TryGetValue(evidence.Feature, out var minimum) ? minimum : 0));
            }
            result.Features = features;
            var remaining = features.Where(f => f.Remains).Select(f => f.Feature.ToString().ToLowerInvariant()).ToList();
            if (remaining.Count > 0)
            {
                reasons.Add("face features remain: " + string.Join(", ", remaining));
                verdict = QualityVerdict.Fail;
            }
            if (before.Undetermined)
            {
                reasons.Add("no face region in the field of view of the original (cropped or brain-only image); face removal not measured");
                verdict = Worse(verdict, QualityVerdict.Warn);
            }
            else if (before.TopCut)
            {
                reasons.Add(TopCutReason);
                verdict = Worse(verdict, QualityVerdict.Warn);
            }
            else if (!double.IsNaN(result.FaceRemovedPercent) && result.FaceRemovedPercent < Options.WarnFaceRemovedPercent && before.FacePresent)
            {
                reasons.Add(string.Format(CultureInfo.InvariantCulture, "only {0:0.#}% of the face region removed", result.FaceRemovedPercent));
                verdict = Worse(verdict, QualityVerdict.Warn);
            }

            result.OutsideChangedVoxels = CountOutside(changed, head, faceRegion, brain, out long headVoxels);
            result.OutsideChangedPercent = headVoxels == 0 ? 0 : 100.0 * result.OutsideChangedVoxels / headVoxels;
            if (result.OutsideChangedPercent > Options.WarnOutsideChangedPercent)
            {
                reasons.Add(string.Format(CultureInfo.InvariantCulture, "{0:0.#}% of the head changed outside the face region", result.OutsideChangedPercent));
                verdict = Worse(verdict, QualityVerdict.Warn);
            }
            stages.Lap("detection");
            cancellationToken.ThrowIfCancellationRequested();

            // One pass over both images (the same figures as two separate computations). The tissue fit reads only brain
            // voxels: when none changed, the defaced image's fit is the original's.
            var (measuresBefore, measuresAfter) = ImageQualityMeasures.ComputePair(original, defaced, brain, head, headDefaced, result.BrainVoxelsChanged == 0);
            result.Measures = QualityMeasureChange.Compare(measuresBefore, measuresAfter);
            stages.Lap("measures");

            if (pictureFolder != null && Options.Pictures)
            {
                result.Pictures = WritePictures(pictureFolder, defacedPath, original, defaced, brain, changed, threshold, originalCounts, cancellationToken);
                stages.Lap("renders");
            }
            result.Stages = stages.Stages;

            result.Verdict = verdict;
            result.Reasons = reasons;
            result.Seconds = clock.Elapsed.TotalSeconds;
            return result;
        }

        /// <summary>Audits one image without an original: a face still present fails it.</summary>
        public DefaceQualityResult Audit(string imagePath, string? pictureFolder = null, CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            var image = NiftiReader.Read(imagePath).ToVolume(0);
            var result = new DefaceQualityResult(imagePath, null);
            var detection = FacePresenceDetector.Detect(image);
            result.Features = detection.Features.Select(f => new FeatureCheck(f.Feature, f.State, null, double.NaN)).ToList();
            var reasons = new List<string>();
            var verdict = QualityVerdict.Pass;
            var present = result.RemainingFeatures.Select(f => f.ToString().ToLowerInvariant()).ToList();
            if (present.Count > 0)
            {
                reasons.Add("face present: " + string.Join(", ", present));
                verdict = QualityVerdict.Fail;
            }
            else if (detection.Undetermined)
            {
                reasons.Add("the face region is outside the field of view; presence cannot be judged");
                verdict = QualityVerdict.Warn;
            }
            else if (detection.TopCut)
            {
                reasons.Add(TopCutReason);
                verdict = QualityVerdict.Warn;
            }
            if (pictureFolder != null && Options.Pictures)
            {
                result.Pictures = WriteAuditPictures(pictureFolder, imagePath, image, cancellationToken);
            }
            result.Verdict = verdict;
            result.Reasons = reasons;
            result.Seconds = clock.Elapsed.TotalSeconds;
            return result;
        }

        // The detector places the features below the highest head tissue; when the field of view cuts the top of the
        // head off (axial slabs) that is not the vertex, the bands sit too low and a face can go unseen (the 2.4 mm PD
        // slab's closed eyes read as absent). Such an image is never passed on the detector's word alone.
        private const string TopCutReason = "the field of view cuts off the top of the head, so the face features are located from a cut head and may be missed; look at the pictures";

        private static QualityVerdict Worse(QualityVerdict a, QualityVerdict b) => (QualityVerdict)Math.Max((int)a, (int)b);

        private static bool HeadersEqual(NiftiImage a, NiftiImage b)
        {
            if (!a.Header.GetRawBytes().SequenceEqual(b.Header.GetRawBytes()) || a.Extensions.Count != b.Extensions.Count)
            {
                return false;
            }
            for (int i = 0; i < a.Extensions.Count; i++)
            {
                if (a.Extensions[i].Code != b.Extensions[i].Code || !a.Extensions[i].Content.SequenceEqual(b.Extensions[i].Content))
                {
                    return false;
                }
            }
            return true;
        }

        // The voxels that differ, and how many (counted in the same pass).
        private static Mask3D ChangedMask(Volume3D original, Volume3D defaced, out long count)
        {
            var mask = Mask3D.Like(original);
            var a = original.Data;
            var b = defaced.Data;
            var m = mask.Data;
            long n = 0;
            for (int i = 0; i < a.Length; i++)
            {
                // NaN voxels left as they were count as unchanged.
                if (a[i] != b[i] && !(float.IsNaN(a[i]) && float.IsNaN(b[i])))
                {
                    m[i] = 1;
                    n++;
                }
            }
            count = n;
            return mask;
        }

        // Voxels set in a (returned), and how many of them are set in b too, in one pass.
        private static long CountBoth(Mask3D a, Mask3D b, out long both)
        {
            var x = a.Data;
            var y = b.Data;
            long n = 0, nb = 0;
            for (int i = 0; i < x.Length; i++)
            {
                if (x[i] != 0)
                {
                    n++;
                    if (y[i] != 0)
                    {
                        nb++;
                    }
                }
            }
            both = nb;
            return n;
        }

        // Head tissue changed outside the face region and the brain (zeroed background air does not count), and the
        // head's voxel count, in one pass.
        private static long CountOutside(Mask3D changed, Mask3D head, Mask3D faceRegion, Mask3D brain, out long headVoxels)
        {
            var c = changed.Data;
            var h = head.Data;
            var f = faceRegion.Data;
            var br = brain.Data;
            long n = 0, nh = 0;
            for (int i = 0; i < c.Length; i++)
            {
                if (h[i] != 0)
                {
                    nh++;
                    if (c[i] != 0 && f[i] == 0 && br[i] == 0)
                    {
                        n++;
                    }
                }
            }
            headVoxels = nh;
            return n;
        }

        /// <summary>How deep (mm, from its anterior edge) the eye region is measured for removal.</summary>
        public const double EyeRegionDepthMm = 20;

        // The part of a feature's region that defacing is expected to clear. The detector's eye region reaches 30 mm
        // behind the forehead plane, into the orbit and towards the optic nerve, which no defacer that keeps the frontal
        // lobe can remove; the eyeballs and lids are in its anterior 20 mm. The other regions are used whole.
        private static (double XMin, double XMax, double YMin, double YMax, double ZMin, double ZMax) RemovalRegion(FaceFeatureEvidence feature)
        {
            var r = feature.Region;
            return feature.Feature == FaceFeature.Eyes ? (r.XMin, r.XMax, Math.Max(r.YMin, r.YMax - EyeRegionDepthMm), r.YMax, r.ZMin, r.ZMax) : r;
        }

        private Dictionary<string, string> WritePictures(string folder, string imagePath, Volume3D original, Volume3D defaced, Mask3D brain, Mask3D changed, double threshold,
            IntegerValueCounts? originalCounts, CancellationToken ct)
        {
            Directory.CreateDirectory(folder);
            var stem = Stem(imagePath);
            var pictures = new Dictionary<string, string>();
            // The "before" surface shows the removed region in red, so a person sees what was taken; "after" uses the
            // same threshold so the two surfaces are comparable.
            var beforeRenderer = new SurfaceRenderer(original, new SurfaceRenderOptions { TargetImageSize = Options.RenderSize, MaxImageSize = Options.RenderSize, TintMask = changed, Threshold = threshold });
            var afterRenderer = new SurfaceRenderer(defaced, new SurfaceRenderOptions { TargetImageSize = Options.RenderSize, MaxImageSize = Options.RenderSize, Threshold = beforeRenderer.Threshold });
            foreach (var view in s_views)
            {
                ct.ThrowIfCancellationRequested();
                pictures[view + "-before"] = Save(beforeRenderer.Render(view), folder, stem, view + "-before");
                pictures[view + "-after"] = Save(afterRenderer.Render(view), folder, stem, view + "-after");
            }
            var slices = new SliceRenderOptions { HeadThreshold = threshold, ValueCounts = originalCounts };
            slices.Overlays.Add(MaskOverlay.Brain(brain));
            slices.Overlays.Add(MaskOverlay.Removed(changed));
            var sliceRenderer = new SliceRenderer(original, slices);
            pictures["Sagittal"] = Save(sliceRenderer.Montage(SlicePlane.Sagittal, 6, 3), folder, stem, "sagittal");
            pictures["Slices"] = Save(sliceRenderer.Orthogonal(), folder, stem, "slices");
            return pictures;
        }

        private Dictionary<string, string> WriteAuditPictures(string folder, string imagePath, Volume3D image, CancellationToken ct)
        {
            Directory.CreateDirectory(folder);
            var stem = Stem(imagePath);
            var pictures = new Dictionary<string, string>();
            var renderer = new SurfaceRenderer(image, new SurfaceRenderOptions { TargetImageSize = Options.RenderSize, MaxImageSize = Options.RenderSize });
            foreach (var view in s_views)
            {
                ct.ThrowIfCancellationRequested();
                pictures[view.ToString()] = Save(renderer.Render(view), folder, stem, view.ToString());
            }
            pictures["Slices"] = Save(new SliceRenderer(image).Orthogonal(), folder, stem, "slices");
            return pictures;
        }

        private static string Save(RgbImage image, string folder, string stem, string name)
        {
            var path = Path.Combine(folder, stem + "_" + name + ".png");
            image.Save(path);
            return path;
        }

        private static string Stem(string path)
        {
            var name = Path.GetFileName(path);
            foreach (var ext in new[] { ".nii.gz", ".nii", ".hdr", ".img" })
            {
                if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                {
                    return name.Substring(0, name.Length - ext.Length);
                }
            }
            return name;
        }
    }
}
