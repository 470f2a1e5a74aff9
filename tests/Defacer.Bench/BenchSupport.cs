using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Bench
{
    /// <summary>Timing, memory and data-location helpers shared by the benchmark areas.</summary>
    public static class BenchSupport
    {
        /// <summary>The shared data folder: DEFACER_SHARED, else ../shared beside the folder holding Defacer.sln.</summary>
        public static string SharedRoot()
        {
            var env = Environment.GetEnvironmentVariable("DEFACER_SHARED");
            if (!string.IsNullOrEmpty(env))
            {
                return env;
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
            var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            if (!Directory.Exists(Path.Combine(shared, "data")))
            {
                throw new DirectoryNotFoundException($"Shared data not found at '{shared}'; place it beside the clone or set DEFACER_SHARED.");
            }
            return shared;
        }

        /// <summary>
        /// CPU seconds of a fixed scalar workload (float loads spread over 16 MiB and a chain of double arithmetic, like
        /// the engine's loops), fastest of three: a machine-speed reading printed beside the timings. On a shared
        /// virtual machine the same code runs up to a third slower when the host is busy; this figure moves with it.
        /// </summary>
        public static double ReferenceKernelSeconds()
        {
            var data = new float[1 << 22];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (i % 1000) * 0.5f;
            }
            var process = Process.GetCurrentProcess();
            double best = double.MaxValue;
            double sink = 0;
            for (int run = 0; run < 3; run++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                double acc = 0;
                int mask = data.Length - 1;
                for (int i = 0; i < 60_000_000; i++)
                {
                    float v = data[(int)((uint)(i * 7919) & (uint)mask)];
                    acc = acc * 0.999999 + v * 1e-3;
                    if (v > 490) acc -= 1e-4;
                }
                process.Refresh();
                sink += acc;
                best = Math.Min(best, (process.TotalProcessorTime - cpu0).TotalSeconds);
            }
            return sink == double.MinValue ? -1 : best;
        }

        /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times; returns the median in ms.</summary>
        public static double MedianMs(int runs, Action action)
        {
            action();
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                // Every run strips anew: the process-wide memo would otherwise answer the repeats.
                Defacer.Engine.Segmentation.BrainMaskMemo.Clear();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var sw = Stopwatch.StartNew();
                action();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            return times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        }

        /// <summary>
        /// Peak resident memory added by <paramref name="action"/>, in bytes: the kernel's high-water mark (VmHWM) is
        /// reset through /proc/self/clear_refs, then VmHWM after minus VmRSS before. Linux only; -1 elsewhere.
        /// The same method is used for the Python side, so the two are comparable.
        /// </summary>
        public static long PeakRssGrowth(Action action)
        {
            Defacer.Engine.Segmentation.BrainMaskMemo.Clear();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (!OperatingSystem.IsLinux())
            {
                action();
                return -1;
            }
            File.WriteAllText("/proc/self/clear_refs", "5");
            long before = ReadStatusKb("VmRSS");
            action();
            long peak = ReadStatusKb("VmHWM");
            return (peak - before) * 1024;
        }

        private static long ReadStatusKb(string key)
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line.Substring(key.Length + 1).Trim().Split(' ')[0]);
                }
            }
            throw new InvalidOperationException($"{key} missing from /proc/self/status");
        }

        /// <summary>Runs /usr/bin/python3 with a script and arguments; returns stdout or throws with stderr.</summary>
        public static string RunPython(string script, params string[] args)
        {
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"/usr/bin/python3 failed (exit {p.ExitCode}): {err.Result}");
            }
            return output;
        }

        /// <summary>
        /// The 1 mm test head: <paramref name="source"/> resampled (trilinear) onto a 176x256x256 1 mm grid
        /// centred on its field of view, stored int16 at x16 (a realistic scanner range), written to <paramref name="path"/>.
        /// </summary>
        public static void WriteTargetHead(string source, string path)
        {
            var src = NiftiReader.Read(source).ToVolume();
            const int nx = 176, ny = 256, nz = 256;
            var centre = src.Affine.Apply((src.Nx - 1) / 2.0, (src.Ny - 1) / 2.0, (src.Nz - 1) / 2.0);
            var affine = Affine.FromScaleAndOffset(1, 1, 1, centre.X - (nx - 1) / 2.0, centre.Y - (ny - 1) / 2.0, centre.Z - (nz - 1) / 2.0);
            var head = Resampler.Resample(src, nx, ny, nz, affine, Affine.Identity, Interpolation.Linear);
            var values = head.Data;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] *= 16f;
            }
            var image = NiftiImage.Create(NiftiDataType.Int16, affine, nx, ny, nz);
            image.SetVolumeFromFloat(0, values);
            NiftiWriter.Write(image, path);
        }

        /// <summary>
        /// Runs this benchmark program again as a fresh process with <c>--memory-child &lt;area&gt; &lt;args&gt;</c> (see
        /// Program.Main) and returns the peak memory growth in bytes it prints; <paramref name="what"/> names the
        /// measurement in the error when the child fails.
        /// </summary>
        public static long RunMemoryChild(string what, string area, params string[] args)
        {
            var self = Environment.ProcessPath!;
            var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                psi.ArgumentList.Add(typeof(BenchSupport).Assembly.Location);
            }
            psi.ArgumentList.Add("--memory-child");
            psi.ArgumentList.Add(area);
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"memory child for {what} failed (exit {p.ExitCode}).");
            }
            return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The machine's load averages (/proc/loadavg), or n/a: figures on a shared machine depend on them.</summary>
        public static string LoadAverage()
        {
            try { return File.ReadAllText("/proc/loadavg").Trim(); } catch (IOException) { return "n/a"; } catch (UnauthorizedAccessException) { return "n/a"; }
        }

        public static string Mb(long bytes) => bytes < 0 ? "n/a" : $"{bytes / 1048576.0:0.0} MiB";
    }
}

namespace Defacer.Bench
{
    /// <summary>A long-running /usr/bin/python3 that times one named operation per request (see NiftiBench).</summary>
    public sealed class PythonServer : IDisposable
    {
        private readonly Process _process;

        public PythonServer(string script, params string[] args)
        {
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            _process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
            Banner = ReadLine();
        }

        /// <summary>The first line the script printed (e.g. the nibabel version).</summary>
        public string Banner { get; }

        /// <summary>Asks for one run of <paramref name="op"/>; returns the wall-clock and CPU milliseconds it reports.</summary>
        public (double wall, double cpu) Time(string op)
        {
            _process.StandardInput.WriteLine(op);
            _process.StandardInput.Flush();
            var parts = ReadLine().Split(' ');
            return (double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        private string ReadLine() =>
            _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"/usr/bin/python3 stopped (exit {(_process.HasExited ? _process.ExitCode : -1)}); is python3-nibabel installed?");

        public void Dispose()
        {
            _process.StandardInput.Close();
            _process.WaitForExit(10000);
            _process.Dispose();
        }
    }
}
