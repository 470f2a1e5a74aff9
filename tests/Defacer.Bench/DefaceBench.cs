using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Volumes;

namespace Defacer.Bench
{
    /// <summary>
    /// Quickshear with our skull stripping on a 1 mm 176x256x256 head (the target: at most 2 s on one core),
    /// made by resampling the otsu 1 mm head onto that grid. Prints the median of 5 runs (wall and CPU), the skull
    /// stripping's share, and the peak memory growth against the voxel data size.
    /// </summary>
    public static class DefaceBench
    {
        public static int Run()
        {
            var path = Path.Combine(BenchSupport.SharedRoot(), "data", "heads", "adult-t1w-1mm-ras-fullface-otsu.nii.gz");
            var head = NiftiReader.Read(path).ToVolume();
            var volume = ToStandardGrid(head);
            long voxelBytes = (long)volume.Length * sizeof(float);
            Console.WriteLine($"input: {volume.Nx}x{volume.Ny}x{volume.Nz} at 1 mm ({volume.Length:N0} voxels, {BenchSupport.Mb(voxelBytes)} as float)");

            var method = new QuickshearMethod();
            double cpuTotal = 0;
            double quickshear = BenchSupport.MedianMs(5, () =>
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                method.ComputeRemovalMask(volume, CancellationToken.None);
                cpuTotal += (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            });
            double strip = BenchSupport.MedianMs(5, () => BrainExtractor.Compute(volume));
            long peak = BenchSupport.PeakRssGrowth(() => method.ComputeRemovalMask(volume, CancellationToken.None));
            Console.WriteLine($"Quickshear incl. skull strip: median {quickshear:F0} ms wall (target <= 2000), mean CPU {cpuTotal / 6:F0} ms");
            Console.WriteLine($"skull strip alone (BrainExtractor.Compute): median {strip:F0} ms wall");
            Console.WriteLine($"peak memory growth: {BenchSupport.Mb(peak)} = {(peak < 0 ? double.NaN : (double)peak / voxelBytes):F1}x the float voxel data (target <= 6x)");
            return 0;
        }

        // The head resampled (trilinear) onto a 176x256x256 RAS grid of 1 mm voxels with the same centre.
        private static Volume3D ToStandardGrid(Volume3D head)
        {
            int nx = 176, ny = 256, nz = 256;
            var c = head.Affine.Apply((head.Nx - 1) / 2.0, (head.Ny - 1) / 2.0, (head.Nz - 1) / 2.0);
            var affine = Affine.FromScaleAndOffset(1, 1, 1, c.X - (nx - 1) / 2.0, c.Y - (ny - 1) / 2.0, c.Z - (nz - 1) / 2.0);
            return Resampler.Resample(head, nx, ny, nz, affine, Affine.Identity, Interpolation.Linear);
        }
    }
}
