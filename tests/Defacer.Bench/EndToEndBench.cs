using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Bench
{
    /// <summary>
    /// Issue 4's benchmark: end to end (read .nii.gz, deface, write .nii.gz, verified backup, sidecar, provenance: one
    /// <see cref="DefacePipeline.Run"/> in place in a one-image BIDS dataset) per shared head and native method.
    /// Time: median of 3 runs after a warm-up, wall and process CPU. Peak memory: a fresh child process per head and
    /// method warms up on a small image, then measures the growth of its peak RSS during one run (VmHWM reset through
    /// /proc/self/clear_refs), given as a multiple of the image's voxel data as stored and as float.
    /// The target case is the shared 1 mm otsu head resampled onto 176x256x256 at 1 mm (int16), the size the issue names:
    /// Quickshear with our skull-stripping at most 2 s, FaceMask at most 5 s, peak memory at most 6x the voxel data.
    /// </summary>
    public static class EndToEndBench
    {
        private const int Runs = 3;
        private static readonly string[] s_methods = { "Quickshear", "FaceMask" };
        private static readonly (string Method, double Seconds)[] s_targets = { ("Quickshear", 2.0), ("FaceMask", 5.0) };
        private const double TargetMemoryFactor = 6.0;
        internal const string TargetHeadName = "otsu-176x256x256-1mm";

        /// <summary>The heads measured: the target case first, then every full-face and partial-face shared head.</summary>
        private static readonly string[] s_sharedHeads =
        {
            "adult-t1w-1mm-ras-fullface-otsu.nii.gz",
            "adult-t1w-1p6mm-ras-fullface-neck.nii.gz",
            "adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz",
            "adult39-t1w-2mm-psr-fullface-ixi012.nii.gz",
            "adult24-t1w-2mm-psr-fullface-ixi015.nii.gz",
            "adult-t1w-0p88mm-ras-partialface-chris.nii.gz",
            "adult-t2w-axial-1x1x2mm-las-partialface.nii.gz",
            "adult-pd-axial-2p4mm-oblique-partialface-chris.nii.gz",
            "adult-flair-axial-5mm-lps-partialface.nii.gz",
        };

        public static int Run()
        {
            var shared = BenchSupport.SharedRoot();
            var work = Path.Combine(Path.GetTempPath(), "defacer-e2e-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(work);
            try
            {
                var heads = new List<(string Name, string Path)>();
                var target = Path.Combine(work, TargetHeadName + ".nii.gz");
                BenchSupport.WriteTargetHead(Path.Combine(shared, "data", "heads", "adult-t1w-1mm-ras-fullface-otsu.nii.gz"), target);
                heads.Add((TargetHeadName, target));
                // DEFACER_BENCH_HEADS (comma list of name fragments) narrows the run, e.g. to the target head only.
                var only = (Environment.GetEnvironmentVariable("DEFACER_BENCH_HEADS") ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
                if (only.Length > 0)
                {
                    heads.RemoveAll(h => !Array.Exists(only, o => h.Name.IndexOf(o, StringComparison.OrdinalIgnoreCase) >= 0));
                }
                foreach (var name in s_sharedHeads)
                {
                    if (only.Length > 0 && !Array.Exists(only, o => name.IndexOf(o, StringComparison.OrdinalIgnoreCase) >= 0))
                    {
                        continue;
                    }
                    heads.Add((name.Replace(".nii.gz", ""), Path.Combine(shared, "data", "heads", name)));
                }
                Console.WriteLine($"End to end per head and method: read .nii.gz, deface, write .nii.gz, verified backup, sidecar, provenance (one image in place).");
                Console.WriteLine($"Median of {Runs} runs after a warm-up; peak = peak RSS growth of one run in a fresh process. FaceMask uses MNI152_T1_2mm + mydeface_mniMask.");
                Console.WriteLine($"load average at start: {BenchSupport.LoadAverage()} (2 cores shared: wall figures scale with load, CPU figures much less)");
                Console.WriteLine($"{"head",-52} {"method",-10} {"grid",-12} {"wall s",7} {"CPU s",7} {"min s",7} {"peak MiB",9} {"x stored",8} {"x float",7} {"removed %",9} {"alloc MiB",9}");
                var verdicts = new List<string>();
                foreach (var method in s_methods)
                {
                    foreach (var (name, path) in heads)
                    {
                        var header = NiftiReader.ReadHeader(path);
                        long voxels = header.VoxelCount;
                        long storedBytes = header.DataByteCount;
                        var timing = Time(method, path, work, out var last);
                        long peak = ChildPeak(method, path, work);
                        string grid = $"{header.Nx}x{header.Ny}x{header.Nz}" + (header.VolumeCount > 1 ? $"x{header.VolumeCount}" : "");
                        Console.WriteLine($"{name,-52} {method,-10} {grid,-12} {timing.Wall,7:0.00} {timing.Cpu,7:0.00} {timing.Min,7:0.00} {peak / 1048576.0,9:0.0} {(double)peak / storedBytes,8:0.0} {(double)peak / (voxels * 4),7:0.0} {last.PercentRemoved,9:0.0} {timing.Allocated / 1048576.0,9:0}");
                        if (name == TargetHeadName)
                        {
                            double limit = Array.Find(s_targets, t => t.Method == method).Seconds;
                            double factor = (double)peak / (voxels * 4);
                            bool met = timing.Cpu <= limit && factor <= TargetMemoryFactor;
                            verdicts.Add($"Target {method} on 1 mm 176x256x256 (<= {limit} s CPU, peak <= {TargetMemoryFactor}x float voxel data): {(met ? "met" : "NOT met")} ({timing.Cpu:0.00} s CPU, {timing.Wall:0.00} s wall, peak {factor:0.0}x).");
                        }
                    }
                }
                foreach (var line in verdicts)
                {
                    Console.WriteLine(line);
                }
                return 0;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>Entry point of the child process that measures one run's peak memory; prints the growth in bytes.</summary>
        public static int MemoryChild(string method, string head, string work)
        {
            // Warm up (JIT, zlib, the templates read once) on a small copy of the same kind of run, as a user's session would be.
            var warm = Path.Combine(work, "warm-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".nii.gz");
            var small = NiftiReader.Read(Path.Combine(BenchSupport.SharedRoot(), "data", "heads", "adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz"));
            NiftiWriter.Write(small, warm);
            RunOnce(method, warm, work);
            long growth = BenchSupport.PeakRssGrowth(() => RunOnce(method, head, work));
            Console.WriteLine(growth.ToString(CultureInfo.InvariantCulture));
            return 0;
        }

        private static (double Wall, double Cpu, double Min, long Allocated) Time(string method, string head, string work, out DefaceResult last)
        {
            last = RunOnce(method, head, work);
            long allocated = GC.GetTotalAllocatedBytes(true);
            last = RunOnce(method, head, work);
            allocated = GC.GetTotalAllocatedBytes(true) - allocated;
            var walls = new List<double>();
            var cpus = new List<double>();
            var process = Process.GetCurrentProcess();
            for (int i = 0; i < Runs; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                last = RunOnce(method, head, work);
                walls.Add(sw.Elapsed.TotalSeconds);
                process.Refresh();
                cpus.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
            }
            walls.Sort();
            cpus.Sort();
            return (walls[Runs / 2], cpus[Runs / 2], walls[0], allocated);
        }

        // One in-place run in a fresh one-image BIDS dataset. Setting the dataset up (a file copy) is inside the timed
        // run; it costs a few milliseconds against the seconds of defacing.
        private static DefaceResult RunOnce(string method, string head, string work)
        {
            // Every run strips anew: the process-wide memo would otherwise answer the repeats.
            Defacer.Engine.Segmentation.BrainMaskMemo.Clear();
            var root = Path.Combine(work, method + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var path = Path.Combine(root, "sub-01", "anat", "sub-01_T1w.nii.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(Path.Combine(root, "dataset_description.json"), "{\"Name\": \"bench\", \"BIDSVersion\": \"1.10.0\"}");
            File.Copy(head, path);
            try
            {
                var p = new DefaceMethodParameters();
                if (method == "FaceMask")
                {
                    var templates = Path.Combine(BenchSupport.SharedRoot(), "data", "templates");
                    p.Template = Path.Combine(templates, "MNI152_T1_2mm.nii.gz");
                    p.FaceMask = Path.Combine(templates, "mydeface_mniMask.nii.gz");
                }
                var pipeline = new DefacePipeline(DefaceMethodRegistry.Default.Create(method, p), new DefaceOptions { ModuleVersion = "bench" });
                return pipeline.Run(new DefaceTarget(path, root), CancellationToken.None);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        private static long ChildPeak(string method, string head, string work) =>
            BenchSupport.RunMemoryChild($"{method} on {head}", "endtoend", method, head, work);
    }
}
