using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Quality;
using Defacer.Engine.Registration;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>
    /// Runs FaceMask once per (head or transformed copy, template pair) and keeps the result, so the real-head tests
    /// share the expensive registrations (an xunit class fixture). The method is configured as Invoke-Deface builds it
    /// (template brain guard and our skull stripping). <see cref="Quality"/> writes the original and the defaced image
    /// (removed voxels zeroed, both float32 by the same writer) and runs the QC's Compare on them, once per run.
    /// </summary>
    public sealed class FaceMaskRuns : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<FaceMaskMethod>> _methods = new ConcurrentDictionary<string, Lazy<FaceMaskMethod>>();
        private readonly ConcurrentDictionary<string, Lazy<FaceMaskRun>> _runs = new ConcurrentDictionary<string, Lazy<FaceMaskRun>>();
        private readonly string _folder = TestData.NewTempDir("facemask-runs");

        public const string Mni = "mni";
        public const string Avg = "avg";

        public static TemplateSet Pair(string name) => name == Mni
            ? new TemplateSet(TestData.Template("MNI152_T1_2mm.nii.gz"), TestData.Template("mydeface_mniMask.nii.gz"), TestData.Template("MNI152_T1_1mm_brain_mask.nii.gz"))
            : new TemplateSet(TestData.Template("niimath_avg152T1.nii.gz"), TestData.Template("niimath_avg152T1mask.nii.gz"), TestData.Template("avg152T1_brain_mask.nii.gz"));

        public FaceMaskMethod Method(string pair) =>
            _methods.GetOrAdd(pair, p => new Lazy<FaceMaskMethod>(() =>
                new FaceMaskMethod(FaceMaskTemplate.Load(Pair(p)), (v, ct) => BrainExtractor.Compute(v, null, ct)) { SubjectBrainSource = "skull-strip" })).Value;

        /// <summary>The run on a shared head, as stored.</summary>
        public (Volume3D Image, DefaceMaskResult Result) Run(string head, string pair)
        {
            var run = Accept(head, null, pair);
            return (run.Image, run.Result);
        }

        /// <summary>
        /// The run on a shared head, or on its copy by <see cref="TransformedHeads"/> when <paramref name="transform"/>
        /// is given. IXI heads carry their DLMUSE labels (transformed with the image).
        /// </summary>
        public FaceMaskRun Accept(string head, string? transform, string pair) =>
            _runs.GetOrAdd(head + "|" + transform + "|" + pair, key => new Lazy<FaceMaskRun>(() =>
            {
                var image = NiftiReader.Read(TestData.Head(head + ".nii.gz")).ToVolume();
                // The IXI heads come with DLMUSE labels; the others are judged by our brain mask (in the QC).
                Volume3D? labels = head.Contains("-ixi0") ? NiftiReader.Read(TestData.Head(head + "_dlmuse-labels.nii.gz")).ToVolume() : null;
                if (transform != null)
                {
                    (image, labels) = TransformedHeads.Apply(transform, image, labels);
                }
                var result = Method(pair).ComputeRemovalMask(image, CancellationToken.None);
                string stem = System.IO.Path.Combine(_folder, key.Replace('|', '_'));
                return new FaceMaskRun(image, result, labels == null ? null : ToMask(labels, 0.5f), stem);
            })).Value;

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(_folder, recursive: true);
            }
            catch (System.IO.IOException)
            {
            }
        }

        /// <summary>The IXI brain (DLMUSE label &gt; 0) on the head's grid.</summary>
        public static Mask3D LabelBrain(string head)
        {
            var labels = NiftiReader.Read(TestData.Head(head + "_dlmuse-labels.nii.gz")).ToVolume();
            return ToMask(labels, 0.5f);
        }

        public static Mask3D ToMask(Volume3D v, float threshold)
        {
            var data = v.Data.Select(x => x > threshold ? (byte)1 : (byte)0).ToArray();
            return new Mask3D(v.Nx, v.Ny, v.Nz, data, v.Affine);
        }

        public static long Overlap(Mask3D a, Mask3D b)
        {
            long n = 0;
            for (int i = 0; i < a.Length; i++)
            {
                if (a.Data[i] != 0 && b.Data[i] != 0)
                {
                    n++;
                }
            }
            return n;
        }

        /// <summary>Volume (mL) of removed voxels that are head tissue (above the image's Otsu threshold).</summary>
        public static double RemovedTissueMl(Volume3D image, Mask3D remove)
        {
            double t = HeadLocator.OtsuThreshold(ImagePyramid.Level(image, 4, 2).Data);
            long n = 0;
            for (int i = 0; i < image.Length; i++)
            {
                if (remove.Data[i] != 0 && image.Data[i] > t)
                {
                    n++;
                }
            }
            var s = image.Spacing;
            return n * s.X * s.Y * s.Z / 1000.0;
        }

        /// <summary>Fraction of removed voxels in front of (world y greater than) the given point.</summary>
        public static double FractionAnteriorOf(Mask3D remove, double y0)
        {
            long n = 0, front = 0;
            for (int z = 0; z < remove.Nz; z++)
                for (int y = 0; y < remove.Ny; y++)
                    for (int x = 0; x < remove.Nx; x++)
                    {
                        if (remove.Data[remove.Index(x, y, z)] == 0)
                        {
                            continue;
                        }
                        n++;
                        if (remove.Affine.Apply(x, y, z).Y > y0)
                        {
                            front++;
                        }
                    }
            return n == 0 ? 0 : (double)front / n;
        }

        /// <summary>World centroid of a mask.</summary>
        public static (double X, double Y, double Z) Centroid(Mask3D m)
        {
            double sx = 0, sy = 0, sz = 0;
            long n = 0;
            for (int z = 0; z < m.Nz; z++)
                for (int y = 0; y < m.Ny; y++)
                    for (int x = 0; x < m.Nx; x++)
                        if (m.Data[m.Index(x, y, z)] != 0)
                        {
                            var p = m.Affine.Apply(x, y, z);
                            sx += p.X;
                            sy += p.Y;
                            sz += p.Z;
                            n++;
                        }
            return (sx / n, sy / n, sz / n);
        }
    }

    /// <summary>One FaceMask run: the image, the method's result, the brain labels if any, and the QC verdict (lazily).</summary>
    public sealed class FaceMaskRun
    {
        private readonly Lazy<DefaceQualityResult> _quality;

        public FaceMaskRun(Volume3D image, DefaceMaskResult result, Mask3D? labels, string stem)
        {
            Image = image;
            Result = result;
            Labels = labels;
            _quality = new Lazy<DefaceQualityResult>(() =>
            {
                string original = stem + "_orig.nii", defaced = stem + "_defaced.nii";
                Write(image, null, original);
                Write(image, result.Remove, defaced);
                return new DefaceQualityChecker(new DefaceQualityOptions { Pictures = false }).Compare(original, defaced);
            });
        }

        public Volume3D Image { get; }

        public DefaceMaskResult Result { get; }

        /// <summary>The labelled brain (label &gt; 0) on the image's grid, or null.</summary>
        public Mask3D? Labels { get; }

        /// <summary>The QC's comparison of the defaced image with the original.</summary>
        public DefaceQualityResult Quality => _quality.Value;

        private static void Write(Volume3D image, Mask3D? remove, string path)
        {
            var data = (float[])image.Data.Clone();
            if (remove != null)
            {
                for (int i = 0; i < data.Length; i++)
                {
                    if (remove.Data[i] != 0)
                    {
                        data[i] = 0;
                    }
                }
            }
            var nifti = NiftiImage.Create(NiftiDataType.Float32, image.Affine, image.Nx, image.Ny, image.Nz);
            nifti.SetVolumeFromFloat(0, data);
            NiftiWriter.Write(nifti, path);
        }
    }
}

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>The FaceMask real-head test classes share one <see cref="FaceMaskRuns"/>, so each registration runs once.</summary>
    [Xunit.CollectionDefinition(Name)]
    public sealed class FaceMaskRealHeadCollection : Xunit.ICollectionFixture<FaceMaskRuns>
    {
        public const string Name = "FaceMask real heads";
    }
}
