using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>
    /// Runs FaceMask once per (head, template pair) and keeps the result, so the real-head tests share the expensive
    /// registrations (an xunit class fixture).
    /// </summary>
    public sealed class FaceMaskRuns
    {
        private readonly ConcurrentDictionary<string, Lazy<FaceMaskMethod>> _methods = new ConcurrentDictionary<string, Lazy<FaceMaskMethod>>();
        private readonly ConcurrentDictionary<string, Lazy<(Volume3D Image, DefaceMaskResult Result)>> _runs =
            new ConcurrentDictionary<string, Lazy<(Volume3D, DefaceMaskResult)>>();

        public const string Mni = "mni";
        public const string Avg = "avg";

        public static TemplateSet Pair(string name) => name == Mni
            ? new TemplateSet(TestData.Template("MNI152_T1_2mm.nii.gz"), TestData.Template("mydeface_mniMask.nii.gz"), TestData.Template("MNI152_T1_1mm_brain_mask.nii.gz"))
            : new TemplateSet(TestData.Template("niimath_avg152T1.nii.gz"), TestData.Template("niimath_avg152T1mask.nii.gz"), TestData.Template("avg152T1_brain_mask.nii.gz"));

        public FaceMaskMethod Method(string pair) =>
            _methods.GetOrAdd(pair, p => new Lazy<FaceMaskMethod>(() => new FaceMaskMethod(FaceMaskTemplate.Load(Pair(p))))).Value;

        public (Volume3D Image, DefaceMaskResult Result) Run(string head, string pair) =>
            _runs.GetOrAdd(head + "|" + pair, _ => new Lazy<(Volume3D, DefaceMaskResult)>(() =>
            {
                var image = NiftiReader.Read(TestData.Head(head + ".nii.gz")).ToVolume();
                return (image, Method(pair).ComputeRemovalMask(image, CancellationToken.None));
            })).Value;

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
}
