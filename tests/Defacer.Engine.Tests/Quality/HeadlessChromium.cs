using System;
using System.Diagnostics;
using System.IO;

namespace Defacer.Engine.Tests.Quality
{
    /// <summary>
    /// Runs Debian's chromium headless on a local file, isolated (fresh profile, no network services, no sandbox
    /// because CI runs as root). A missing browser fails the test with the install command, never skips it.
    /// </summary>
    internal static class HeadlessChromium
    {
        public static string Executable
        {
            get
            {
                foreach (var p in new[] { Environment.GetEnvironmentVariable("DEFACER_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
                {
                    if (!string.IsNullOrEmpty(p) && File.Exists(p))
                    {
                        return p!;
                    }
                }
                throw new FileNotFoundException("Headless Chromium is required for the report browser test: apt-get install -y chromium (or set DEFACER_CHROMIUM).");
            }
        }

        public static (int ExitCode, string StdOut, string StdErr) Run(string url, params string[] extra)
        {
            var profile = TestData.NewTempDir("chromium-profile");
            var psi = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
            })
            {
                psi.ArgumentList.Add(a);
            }
            foreach (var a in extra)
            {
                psi.ArgumentList.Add(a);
            }
            psi.ArgumentList.Add(url);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(true);
                throw new TimeoutException("chromium did not finish within 120 s: " + url);
            }
            p.WaitForExit();
            try
            {
                Directory.Delete(profile, true);
            }
            catch (IOException)
            {
                // A helper process may still hold a file; the temp folder is cleaned by the OS.
            }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }

        public static string FileUrl(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
    }
}
