using System;
using System.Collections.Concurrent;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Segmentation
{
    /// <summary>
    /// The shared real heads, read once per test run, and Quickshear's result on each (skull stripping is the expensive
    /// part, so tests of the brain mask and of the cut share one computation per head).
    /// </summary>
    internal static class RealHeads
    {
        public const string Ixi012 = "adult39-t1w-2mm-psr-fullface-ixi012";
        public const string Ixi015 = "adult24-t1w-2mm-psr-fullface-ixi015";
        public const string Otsu = "adult-t1w-1mm-ras-fullface-otsu";
        public const string Ext2 = "adult-t1w-1p6mm-ras-fullface-neck";
        public const string Xa30 = "adult-t1w-2mm-ras-fullface-neck-xa30";

        public static readonly string[] FullFace = { Otsu, Ext2, Xa30, Ixi012, Ixi015 };

        private static readonly ConcurrentDictionary<string, Lazy<Volume3D>> s_volumes = new ConcurrentDictionary<string, Lazy<Volume3D>>();
        private static readonly ConcurrentDictionary<string, Lazy<DefaceMaskResult>> s_results = new ConcurrentDictionary<string, Lazy<DefaceMaskResult>>();

        public static Volume3D Load(string name) =>
            s_volumes.GetOrAdd(name, n => new Lazy<Volume3D>(() => NiftiReader.Read(TestData.Head(n + ".nii.gz")).ToVolume())).Value;

        /// <summary>The DLMUSE brain (label &gt; 0) of an IXI head.</summary>
        public static Mask3D Labels(string name)
        {
            var v = Load(name + "_dlmuse-labels");
            var m = Mask3D.Like(v);
            for (int i = 0; i < m.Length; i++)
            {
                m.Data[i] = v.Data[i] > 0.5f ? (byte)1 : (byte)0;
            }
            return m;
        }

        /// <summary>Quickshear with default settings (our skull stripping) on the head.</summary>
        public static DefaceMaskResult Quickshear(string name) =>
            s_results.GetOrAdd(name, n => new Lazy<DefaceMaskResult>(() => new QuickshearMethod().ComputeRemovalMask(Load(n), CancellationToken.None))).Value;

        public static long Overlap(Mask3D a, Mask3D b)
        {
            long n = 0;
            for (int i = 0; i < a.Length; i++)
            {
                n += a.Data[i] & b.Data[i];
            }
            return n;
        }
    }
}
