using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
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
                // Per head and method, end to end with peak memory: the endtoend area (EndToEndBench).
                Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB (voxel data {176L * 256 * 256 * 2 / 1e6:0.0} MB int16, {176L * 256 * 256 * 4 / 1e6:0.0} MB float)");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
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
