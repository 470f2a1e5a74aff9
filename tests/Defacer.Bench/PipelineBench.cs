using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Phantom;
using Defacer.Engine.Volumes;

namespace Defacer.Bench
{
    /// <summary>
    /// The cost of the pipeline around a method: read .nii.gz, hash, fill, encode, verified backup, atomic write,
    /// sidecar and provenance, on a 1 mm 176x256x256 int16 head, with a method that costs nothing (a fixed world slab),
    /// so that a method's own figure adds to this one. Median of 5 in-place runs on fresh copies, and peak working set.
    /// </summary>
    internal static class PipelineBench
    {
        public static void Run()
        {
            var work = Path.Combine(Path.GetTempPath(), "defacer-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(work);
            try
            {
                var source = Path.Combine(work, "head.nii.gz");
                WriteHead(source, 176, 256, 256);
                Console.WriteLine($"input: 176x256x256 int16, {new FileInfo(source).Length / 1e6:0.0} MB gzip, {176L * 256 * 256 * 2 / 1e6:0.0} MB voxels");
                foreach (var fill in new[] { FaceFill.Zero, FaceFill.Noise, FaceFill.Blur })
                {
                    var times = new double[5];
                    DefaceResult? last = null;
                    for (int i = 0; i < times.Length; i++)
                    {
                        var root = Path.Combine(work, fill + "-" + i);
                        var path = Path.Combine(root, "sub-01", "anat", "sub-01_T1w.nii.gz");
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.WriteAllText(Path.Combine(root, "dataset_description.json"), "{\"Name\": \"b\", \"BIDSVersion\": \"1.10.0\"}");
                        File.Copy(source, path);
                        var pipeline = new DefacePipeline(new SlabMethod(), new DefaceOptions { Fill = fill, ModuleVersion = "bench" });
                        var sw = Stopwatch.StartNew();
                        last = pipeline.Run(new DefaceTarget(path, root));
                        times[i] = sw.Elapsed.TotalSeconds;
                    }
                    Array.Sort(times);
                    var stages = string.Join(", ", last!.StageSeconds.Select(kv => $"{kv.Key} {kv.Value:0.000}"));
                    Console.WriteLine($"pipeline in place, fill {fill}: median {times[2]:0.000} s (min {times[0]:0.000}); last run stages: {stages}; removed {last.PercentRemoved:0.0}%");
                }
                MethodsEndToEnd(work);
                Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB (voxel data {176L * 256 * 256 * 2 / 1e6:0.0} MB int16, {176L * 256 * 256 * 4 / 1e6:0.0} MB float)");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>
        /// End to end per native method (read .nii.gz, method, fill, backup, atomic write, sidecar, provenance) on the
        /// 1 mm phantom and on the shared real 1 mm head when ../shared is beside the clone. Median of 3.
        /// </summary>
        private static void MethodsEndToEnd(string work)
        {
            Console.WriteLine($"load average: {LoadAverage()} (2 cores shared: figures scale with load)");
            var heads = new List<(string Name, string Path)>();
            var phantom = Path.Combine(work, "phantom-1mm.nii.gz");
            var head = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 1, VoxelSizeY = 1, VoxelSizeZ = 1 });
            var image = NiftiImage.Create(NiftiDataType.Int16, head.Image.Affine, head.Image.Nx, head.Image.Ny, head.Image.Nz);
            image.SetVolumeFromFloat(0, head.Image.Data);
            NiftiWriter.Write(image, phantom);
            heads.Add(($"phantom 1 mm {head.Image.Nx}x{head.Image.Ny}x{head.Image.Nz}", phantom));
            var shared = FindShared();
            if (shared != null)
            {
                heads.Add(("otsu 1 mm (real)", Path.Combine(shared, "data", "heads", "adult-t1w-1mm-ras-fullface-otsu.nii.gz")));
            }
            string? template = shared == null ? null : Path.Combine(shared, "data", "templates", "MNI152_T1_2mm.nii.gz");
            string? faceMask = shared == null ? null : Path.Combine(shared, "data", "templates", "mydeface_mniMask.nii.gz");
            foreach (var name in DefaceMethodRegistry.Default.Names)
            {
                var p = new DefaceMethodParameters();
                if (name == "FaceMask")
                {
                    if (template == null || !File.Exists(template) || !File.Exists(faceMask)) { Console.WriteLine("FaceMask: skipped (no shared templates)"); continue; }
                    p.Template = template;
                    p.FaceMask = faceMask;
                }
                var method = DefaceMethodRegistry.Default.Create(name, p);
                foreach (var (headName, headPath) in heads)
                {
                    if (!File.Exists(headPath)) continue;
                    var times = new double[3];
                    DefaceResult? last = null;
                    for (int i = 0; i < times.Length; i++)
                    {
                        var root = Path.Combine(work, $"{name}-{i}-{Guid.NewGuid():N}");
                        var path = Path.Combine(root, "sub-01", "anat", "sub-01_T1w.nii.gz");
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.WriteAllText(Path.Combine(root, "dataset_description.json"), "{\"Name\": \"b\", \"BIDSVersion\": \"1.10.0\"}");
                        File.Copy(headPath, path);
                        var sw = Stopwatch.StartNew();
                        last = new DefacePipeline(method, new DefaceOptions { ModuleVersion = "bench" }).Run(new DefaceTarget(path, root));
                        times[i] = sw.Elapsed.TotalSeconds;
                        Directory.Delete(root, recursive: true);
                    }
                    Array.Sort(times);
                    var stages = string.Join(", ", last!.StageSeconds.Select(kv => $"{kv.Key} {kv.Value:0.00}"));
                    Console.WriteLine($"{name} on {headName}: median {times[1]:0.00} s (min {times[0]:0.00}); stages {stages}; removed {last.PercentRemoved:0.0}%, brain voxels removed {last.BrainVoxelsRemoved}");
                }
            }
        }

        private static string LoadAverage()
        {
            try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; } catch (IOException) { return "?"; } catch (UnauthorizedAccessException) { return "?"; }
        }

        private static string? FindShared()
        {
            var env = Environment.GetEnvironmentVariable("DEFACER_SHARED");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Defacer.sln"))) dir = dir.Parent;
            var shared = dir?.Parent == null ? null : Path.Combine(dir.Parent.FullName, "shared");
            return shared != null && Directory.Exists(shared) ? shared : null;
        }

        private static void WriteHead(string path, int nx, int ny, int nz)
        {
            var affine = Affine.FromScaleAndOffset(1, 1, 1, -nx / 2.0, -ny / 2.0 + 20, -nz / 2.0);
            var image = NiftiImage.Create(NiftiDataType.Int16, affine, nx, ny, nz);
            var v = new float[(long)nx * ny * nz];
            var rng = new Random(7);
            for (int z = 0; z < nz; z++)
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++)
                    {
                        double dx = (x - nx / 2.0) / 75, dy = (y - ny / 2.0) / 100, dz = (z - nz / 2.0) / 100;
                        double r = dx * dx + dy * dy + dz * dz;
                        v[x + nx * (y + ny * z)] = (float)((r < 1 ? 600 + 400 * (1 - r) : 10) + rng.Next(20));
                    }
            image.SetVolumeFromFloat(0, v);
            NiftiWriter.Write(image, path);
        }

        /// <summary>A method that costs nothing: removes voxels anterior of y = 60 mm and below z = -10 mm.</summary>
        private sealed class SlabMethod : IDefaceMethod
        {
            public string Name => "Slab";

            public DefaceMaskResult ComputeRemovalMask(Volume3D v, CancellationToken ct)
            {
                var m = Mask3D.Like(v);
                for (int z = 0; z < v.Nz; z++)
                    for (int y = 0; y < v.Ny; y++)
                    {
                        var w = v.Affine.Apply(0, y, z);
                        if (w.Y > 60 && w.Z < -10)
                        {
                            for (int x = 0; x < v.Nx; x++) m[x, y, z] = true;
                        }
                    }
                return new DefaceMaskResult(m, null);
            }
        }
    }
}
