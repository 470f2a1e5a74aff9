using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;

namespace Defacer.Bench
{
    /// <summary>
    /// NIfTI I/O against nibabel on the same file in the same run: read and write a 176x256x256 int16 .nii.gz head
    /// (made here by resampling a shared head), median of several runs, and peak memory of each operation measured in
    /// a fresh process (peak RSS growth from /proc, the same method for both).
    /// </summary>
    public static class NiftiBench
    {
        private const int Runs = 7;
        private const string SourceHead = "adult-t1w-1mm-ras-fullface-otsu.nii.gz";

        // A nibabel "server": one line per operation on stdin, the elapsed milliseconds on stdout. Runs of ours and of
        // nibabel alternate, so a busy machine slows both sides alike instead of whichever ran during the busy spell.
        private const string PythonTiming = @"
import sys, time, gc
import numpy as np, nibabel as nib
src, out = sys.argv[1], sys.argv[2]
img = nib.load(src)
mem = nib.Nifti1Image(np.asanyarray(img.dataobj), img.affine, img.header)
ops = {
    'read': lambda: np.asanyarray(nib.load(src).dataobj),
    'readfloat': lambda: nib.load(src).get_fdata(dtype=np.float32),
    'write': lambda: nib.save(mem, out),
}
print(nib.__version__, flush=True)
for line in sys.stdin:
    op = line.strip()
    gc.collect()
    c = time.process_time()
    t = time.perf_counter()
    r = ops[op]()
    ms = (time.perf_counter() - t) * 1000
    cpu = (time.process_time() - c) * 1000
    del r
    print(ms, cpu, flush=True)
";

        private const string PythonMemory = @"
import sys, gc
import numpy as np, nibabel as nib
op, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
def status(key):
    for line in open('/proc/self/status'):
        if line.startswith(key + ':'):
            return int(line.split()[1]) * 1024
if op == 'write':
    img = nib.load(src)
    mem = nib.Nifti1Image(np.asanyarray(img.dataobj), img.affine, img.header)
gc.collect()
open('/proc/self/clear_refs', 'w').write('5')
before = status('VmRSS')
if op == 'read':
    d = np.asanyarray(nib.load(src).dataobj)
elif op == 'readfloat':
    d = nib.load(src).get_fdata(dtype=np.float32)
else:
    nib.save(mem, out)
print(status('VmHWM') - before)
";

        public static int Run()
        {
            var dir = Path.Combine(Path.GetTempPath(), "defacer-bench-nifti-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            try
            {
                var head = Path.Combine(dir, "head-176x256x256-int16.nii.gz");
                MakeHead(Path.Combine(BenchSupport.SharedRoot(), "data", "heads", SourceHead), head);
                var image = NiftiReader.Read(head);
                long voxelBytes = image.RawData.LongLength;
                Console.WriteLine($"Test image: {string.Join("x", image.Header.Shape)} {NiftiDataTypes.Name(image.Header.DataType)}, {BenchSupport.Mb(voxelBytes)} of voxels, {BenchSupport.Mb(new FileInfo(head).Length)} as .nii.gz (resampled from {SourceHead}).");
                Console.WriteLine($"Median of {Runs} runs after a warm-up; gzip level 1 on both sides (NiftiWriter default = CompressionLevel.Fastest, nibabel default compresslevel 1).");

                var ourOut = Path.Combine(dir, "ours.nii.gz");
                var nibOut = Path.Combine(dir, "nib.nii.gz");
                string nibVersion;
                Timing read, nRead, readFloat, nReadFloat, write, nWrite;
                using (var nib = new PythonServer(PythonTiming, head, nibOut))
                {
                    nibVersion = nib.Banner;
                    (read, nRead) = Alternate(() => NiftiReader.Read(head), () => nib.Time("read"));
                    (readFloat, nReadFloat) = Alternate(() => NiftiReader.Read(head).GetVolumeAsFloat(0), () => nib.Time("readfloat"));
                    (write, nWrite) = Alternate(() => NiftiWriter.Write(image, ourOut), () => nib.Time("write"));
                }

                long mRead = ChildMemory("read", head, dir);
                long mReadFloat = ChildMemory("readfloat", head, dir);
                long mWrite = ChildMemory("write", head, dir);
                long pRead = PythonMemory1("read", head, dir);
                long pReadFloat = PythonMemory1("readfloat", head, dir);
                long pWrite = PythonMemory1("write", head, dir);

                Console.WriteLine();
                Console.WriteLine($"nibabel {nibVersion}. Wall = elapsed time, CPU = process CPU time (less sensitive to a busy machine).");
                Console.WriteLine($"{"operation",-30} {"wall:ours",9} {"nibabel",10} {"ratio",6}  {"CPU:ours",9} {"nibabel",10} {"ratio",6}  {"peak:ours",10} {"nibabel",10} {"xvoxels",7}");
                Row("read .nii.gz (raw voxels)", read, nRead, mRead, pRead, voxelBytes);
                Row("read .nii.gz + float volume", readFloat, nReadFloat, mReadFloat, pReadFloat, voxelBytes);
                Row("write .nii.gz (level 1)", write, nWrite, mWrite, pWrite, voxelBytes);
                Console.WriteLine();
                Console.WriteLine("ratio = Defacer / nibabel (below 1 = Defacer faster). Peak = growth of the process's peak RSS during the one");
                Console.WriteLine("operation, in a fresh process (VmHWM reset through /proc/self/clear_refs); 'x voxels' = Defacer peak / voxel bytes.");
                Console.WriteLine($"Output sizes: Defacer {BenchSupport.Mb(new FileInfo(ourOut).Length)}, nibabel {BenchSupport.Mb(new FileInfo(nibOut).Length)}.");
                return 0;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        /// <summary>Median wall-clock and CPU milliseconds of one side.</summary>
        private readonly struct Timing
        {
            public Timing(double wall, double cpu)
            {
                Wall = wall;
                Cpu = cpu;
            }

            public double Wall { get; }

            public double Cpu { get; }
        }

        /// <summary>Warm-up of each, then <see cref="Runs"/> alternating runs; the medians of each side.</summary>
        private static (Timing ours, Timing theirs) Alternate(Action ours, Func<(double wall, double cpu)> theirs)
        {
            ours();
            theirs();
            var a = new List<double>();
            var ac = new List<double>();
            var b = new List<double>();
            var bc = new List<double>();
            var self = Process.GetCurrentProcess();
            for (int i = 0; i < Runs; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                self.Refresh();
                var cpu0 = self.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                ours();
                a.Add(sw.Elapsed.TotalMilliseconds);
                self.Refresh();
                ac.Add((self.TotalProcessorTime - cpu0).TotalMilliseconds);
                var (wall, cpu) = theirs();
                b.Add(wall);
                bc.Add(cpu);
            }
            return (new Timing(Median(a), Median(ac)), new Timing(Median(b), Median(bc)));
        }

        private static double Median(List<double> v)
        {
            v.Sort();
            return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
        }

        private static void Row(string what, Timing ours, Timing theirs, long memOurs, long memTheirs, long voxelBytes)
        {
            Console.WriteLine($"{what,-30} {ours.Wall,7:0}ms {theirs.Wall,8:0}ms {ours.Wall / theirs.Wall,6:0.00}  {ours.Cpu,7:0}ms {theirs.Cpu,8:0}ms {ours.Cpu / theirs.Cpu,6:0.00}  {BenchSupport.Mb(memOurs),10} {BenchSupport.Mb(memTheirs),10} {(double)memOurs / voxelBytes,7:0.00}");
        }

        /// <summary>Entry point of the child process that measures one operation's peak memory.</summary>
        public static int MemoryChild(string op, string head, string outPath)
        {
            // Warm up on a tiny image first (JIT, zlib loaded), as the Python side has imported nibabel before measuring.
            var tiny = NiftiImage.Create(NiftiDataType.Int16, Affine.Identity, 8, 8, 8);
            NiftiWriter.Write(tiny, outPath);
            GC.KeepAlive(NiftiReader.Read(outPath).GetVolumeAsFloat(0));
            NiftiImage? image = op == "write" ? NiftiReader.Read(head) : null;
            long growth = BenchSupport.PeakRssGrowth(() =>
            {
                switch (op)
                {
                    case "read":
                        GC.KeepAlive(NiftiReader.Read(head));
                        break;
                    case "readfloat":
                        GC.KeepAlive(NiftiReader.Read(head).GetVolumeAsFloat(0));
                        break;
                    default:
                        NiftiWriter.Write(image!, outPath);
                        break;
                }
            });
            Console.WriteLine(growth.ToString(CultureInfo.InvariantCulture));
            return 0;
        }

        private static long ChildMemory(string op, string head, string dir) =>
            BenchSupport.RunMemoryChild(op, "nifti", op, head, Path.Combine(dir, "mem.nii.gz"));

        private static long PythonMemory1(string op, string head, string dir) =>
            long.Parse(BenchSupport.RunPython(PythonMemory, op, head, Path.Combine(dir, "nibmem.nii.gz")).Trim(), CultureInfo.InvariantCulture);

        /// <summary>
        /// The benchmark head: the 1 mm otsu T1w (176x238x169 uint8) resampled trilinearly onto 176x256x256 and scaled
        /// to int16 (x16), a realistic size, type and compressibility for a 1 mm head.
        /// </summary>
        private static void MakeHead(string source, string path)
        {
            var src = NiftiReader.Read(source).ToVolume();
            const int nx = 176, ny = 256, nz = 256;
            double sy = (src.Ny - 1) / (double)(ny - 1), sz = (src.Nz - 1) / (double)(nz - 1), sx = (src.Nx - 1) / (double)(nx - 1);
            var values = new float[nx * ny * nz];
            for (int k = 0; k < nz; k++)
            {
                for (int j = 0; j < ny; j++)
                {
                    for (int i = 0; i < nx; i++)
                    {
                        values[i + nx * (j + ny * k)] = 16f * Trilinear(src, i * sx, j * sy, k * sz);
                    }
                }
            }
            // Same field of view as the source: voxel axes shrink by the resampling factors.
            var a = src.Affine;
            var affine = Affine.FromRowMajor(new[]
            {
                a[0, 0] * sx, a[0, 1] * sy, a[0, 2] * sz, a[0, 3],
                a[1, 0] * sx, a[1, 1] * sy, a[1, 2] * sz, a[1, 3],
                a[2, 0] * sx, a[2, 1] * sy, a[2, 2] * sz, a[2, 3],
                0, 0, 0, 1,
            });
            var image = NiftiImage.Create(NiftiDataType.Int16, affine, nx, ny, nz);
            image.SetVolumeFromFloat(0, values);
            NiftiWriter.Write(image, path);
        }

        private static float Trilinear(Volume3D v, double x, double y, double z)
        {
            int x0 = Math.Min((int)x, v.Nx - 2), y0 = Math.Min((int)y, v.Ny - 2), z0 = Math.Min((int)z, v.Nz - 2);
            double fx = x - x0, fy = y - y0, fz = z - z0;
            double c00 = v[x0, y0, z0] * (1 - fx) + v[x0 + 1, y0, z0] * fx;
            double c10 = v[x0, y0 + 1, z0] * (1 - fx) + v[x0 + 1, y0 + 1, z0] * fx;
            double c01 = v[x0, y0, z0 + 1] * (1 - fx) + v[x0 + 1, y0, z0 + 1] * fx;
            double c11 = v[x0, y0 + 1, z0 + 1] * (1 - fx) + v[x0 + 1, y0 + 1, z0 + 1] * fx;
            double c0 = c00 * (1 - fy) + c10 * fy;
            double c1 = c01 * (1 - fy) + c11 * fy;
            return (float)(c0 * (1 - fz) + c1 * fz);
        }
    }
}
