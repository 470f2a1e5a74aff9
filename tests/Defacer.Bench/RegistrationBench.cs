using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Bench
{
    /// <summary>
    /// The FaceMask method (registration of MNI152_T1_2mm + mydeface_mniMask, brain guard from the template's brain
    /// mask) on a 1 mm 176x256x256 head made here by resampling the otsu head onto that grid: median wall time and
    /// CPU time of <c>ComputeRemovalMask</c> over several runs after a warm-up, its registration share, and the peak
    /// memory growth of one call (VmHWM from /proc) relative to the voxel data as float (the engine's Volume3D).
    /// </summary>
    public static class RegistrationBench
    {
        private const int Runs = 5;

        public static int Run()
        {
            var shared = BenchSupport.SharedRoot();
            string T(string f) => Path.Combine(shared, "data", "templates", f);
            var template = FaceMaskTemplate.Load(new TemplateSet(T("MNI152_T1_2mm.nii.gz"), T("mydeface_mniMask.nii.gz"), T("MNI152_T1_1mm_brain_mask.nii.gz")));
            var source = NiftiReader.Read(Path.Combine(shared, "data", "heads", "adult-t1w-1mm-ras-fullface-otsu.nii.gz")).ToVolume();
            var c = source.Affine.Apply((source.Nx - 1) / 2.0, (source.Ny - 1) / 2.0, (source.Nz - 1) / 2.0);
            var grid = Affine.FromScaleAndOffset(1, 1, 1, c.X - 87.5, c.Y - 127.5, c.Z - 127.5);
            var head = Resampler.Resample(source, 176, 256, 256, grid, Affine.Identity, Interpolation.Linear);
            long voxelBytes = (long)head.Length * sizeof(float);
            var method = new FaceMaskMethod(template);

            DefaceMaskResult? last = null;
            var cpu = new double[Runs];
            var process = Process.GetCurrentProcess();
            int run = 0;
            double median = BenchSupport.MedianMs(Runs, () =>
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                last = method.ComputeRemovalMask(head, CancellationToken.None);
                process.Refresh();
                if (run > 0 && run <= Runs)
                {
                    cpu[run - 1] = (process.TotalProcessorTime - before).TotalMilliseconds;
                }
                run++;
            });
            Array.Sort(cpu);
            long peak = BenchSupport.PeakRssGrowth(() => method.ComputeRemovalMask(head, CancellationToken.None));

            Console.WriteLine($"FaceMask on a 176x256x256 1 mm head (resampled from otsu), template MNI152_T1_2mm + mydeface_mniMask, {Environment.ProcessorCount} logical CPUs visible.");
            Console.WriteLine($"  median wall {median:0} ms over {Runs} runs (target <= 5000 ms on one core); median CPU {cpu[Runs / 2]:0} ms");
            Console.WriteLine($"  registration {last!.Details["Registration.Seconds"]} s, {last.Details["Registration.Iterations"]} iterations, final cost {last.Details["Registration.FinalMetric"]:0.0000}, {last.Details["Registration.StopReason"]}");
            Console.WriteLine($"  removed {last.Remove.Count()} voxels, brain voxels saved by the guard {last.Details["BrainVoxelsSaved"]}");
            Console.WriteLine($"  peak memory growth of one call {BenchSupport.Mb(peak)} = {(double)peak / voxelBytes:0.00} x the float voxel data ({BenchSupport.Mb(voxelBytes)}), {(double)peak / head.Length:0.00} x as uint8");
            return 0;
        }
    }
}
