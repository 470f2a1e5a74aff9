using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Defacer.Engine.Nifti;
using Defacer.Engine.Quality;
using Defacer.Engine.Rendering;
using Defacer.Engine.Volumes;

namespace Defacer.Bench
{
    /// <summary>
    /// Rendering and QC building blocks on the real 1 mm head (../shared/data/heads, otsu 176x238x169): surface views,
    /// slices, PNG encoding, head mask, face detection, quality measures, and a whole QC pass for one image (before and
    /// after: masks, measures, face check, three views each, slices with overlays, PNGs written). Median of 5 runs, one
    /// thread; process CPU time is printed too, because wall time on a shared machine includes other people's work.
    /// </summary>
    internal static class QualityBench
    {
        public static void Run()
        {
            var path = Path.Combine(SharedRoot(), "data", "heads", "adult-t1w-1mm-ras-fullface-otsu.nii.gz");
            var head = NiftiReader.Read(path).ToVolume();
            Console.WriteLine($"input: {Path.GetFileName(path)} {head.Nx}x{head.Ny}x{head.Nz}, {head.Length / 1e6:0.0} M voxels");

            SurfaceRenderer? renderer = null;
            Measure("surface prepare (canonical copy, threshold, occupancy)", () => renderer = new SurfaceRenderer(head));
            foreach (SurfaceView view in Enum.GetValues(typeof(SurfaceView)))
            {
                Measure($"surface view {view}", () => renderer!.Render(view));
            }
            var image = renderer!.Render(SurfaceView.Front);
            Measure($"PNG encode {image.Width}x{image.Height}", () => image.ToPng());

            Mask3D? mask = null;
            Measure("head mask", () => mask = HeadMask.Build(head));
            Measure("face presence", () => FacePresenceDetector.Detect(head, mask));
            Measure("quality measures (head mask given)", () => ImageQualityMeasures.Compute(head, mask!, mask));
            var slicesOptions = new SliceRenderOptions();
            slicesOptions.Overlays.Add(MaskOverlay.Brain(mask!));
            Measure("slices: prepare + orthogonal + 12-slice montage", () =>
            {
                var s = new SliceRenderer(head, slicesOptions);
                s.Orthogonal();
                s.Montage(SlicePlane.Axial, 12, 6);
            });

            // A whole QC pass of one image, with a crude "defaced" copy (anterior-inferior region zeroed).
            var face = FacePresenceDetector.Detect(head, mask);
            var defaced = head.Clone();
            var removed = Mask3D.Like(head);
            for (int k = 0; k < head.Nz; k++)
            for (int j = 0; j < head.Ny; j++)
            for (int i = 0; i < head.Nx; i++)
            {
                var w = head.Affine.Apply(i, j, k);
                if (w.Y > face.ForeheadY - 20 && w.Z < face.VertexZ - 80)
                {
                    defaced[i, j, k] = 0;
                    removed[i, j, k] = true;
                }
            }
            var outDir = Path.Combine(Path.GetTempPath(), "defacer-qc-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                Measure("QC pass for one image (before + after, renders and PNGs)", () => QcPass(head, defaced, removed, outDir));
            }
            finally
            {
                Directory.Delete(outDir, true);
            }
            Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
        }

        private static void QcPass(Volume3D before, Volume3D after, Mask3D removed, string dir)
        {
            // One threshold for everything: the original's air/tissue level (defacing must not move it).
            double threshold = SurfaceThreshold.Estimate(before);
            var headBefore = HeadMask.Build(before, threshold);
            var headAfter = HeadMask.Build(after, threshold);
            // Stand-in brain mask: the head mask (the real one comes from skull-stripping).
            var mb = ImageQualityMeasures.Compute(before, headBefore, headBefore);
            var ma = ImageQualityMeasures.Compute(after, headBefore, headAfter);
            QualityMeasureChange.Compare(mb, ma);
            FacePresenceDetector.Detect(after, headAfter);
            var views = new[] { SurfaceView.Front, SurfaceView.Left, SurfaceView.ThreeQuarter };
            var rb = new SurfaceRenderer(before, new SurfaceRenderOptions { TintMask = removed, Threshold = threshold });
            var ra = new SurfaceRenderer(after, new SurfaceRenderOptions { Threshold = threshold });
            RgbImage.Tile(views.Select(rb.Render).ToList(), 3).Save(Path.Combine(dir, "before.png"));
            RgbImage.Tile(views.Select(ra.Render).ToList(), 3).Save(Path.Combine(dir, "after.png"));
            var o = new SliceRenderOptions { HeadThreshold = threshold };
            o.Overlays.Add(MaskOverlay.Brain(headBefore));
            o.Overlays.Add(MaskOverlay.Removed(removed));
            new SliceRenderer(before, o).Orthogonal().Save(Path.Combine(dir, "slices.png"));
        }

        private static void Measure(string name, Action action)
        {
            var wall = new List<double>();
            var cpu = new List<double>();
            for (int i = 0; i < 5; i++)
            {
                var p = Process.GetCurrentProcess();
                var c0 = p.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                action();
                wall.Add(sw.Elapsed.TotalSeconds);
                p.Refresh();
                cpu.Add((p.TotalProcessorTime - c0).TotalSeconds);
            }
            wall.Sort();
            cpu.Sort();
            Console.WriteLine($"{name}: median {wall[2]:0.000} s wall, {cpu[2]:0.000} s CPU (min {wall[0]:0.000} s)");
        }

        private static string SharedRoot()
        {
            var env = Environment.GetEnvironmentVariable("DEFACER_SHARED");
            if (!string.IsNullOrEmpty(env))
            {
                return env!;
            }
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Defacer.sln")))
            {
                dir = dir.Parent;
            }
            if (dir == null)
            {
                throw new DirectoryNotFoundException("Could not find Defacer.sln above the benchmark; set DEFACER_SHARED.");
            }
            return Path.Combine(dir.FullName, "..", "shared");
        }
    }
}
