using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.Versioning;

namespace Defacer.Engine.Tests.Safety
{
    /// <summary>
    /// Makes a folder unwritable for the duration of a test. Mode 0555 is enough for a normal user, but root (CI runs as
    /// root) ignores modes, so the folder is also marked immutable with chattr +i. The constructor proves the folder
    /// really refuses new files, so a test using it cannot pass vacuously.
    /// </summary>
    // Symlinks, hard links, Unix modes and chattr: these tests describe the Linux behaviour CI runs on.
    [UnsupportedOSPlatform("windows")]
    internal sealed class ReadOnlyFolder : IDisposable
    {
        private readonly bool _immutable;

        public ReadOnlyFolder(string path)
        {
            Path = path;
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            if (Environment.UserName == "root")
            {
                Chattr("+i", path);
                _immutable = true;
            }
            var probe = System.IO.Path.Combine(path, ".probe");
            try
            {
                File.WriteAllText(probe, "x");
                File.Delete(probe);
                throw new InvalidOperationException($"Could not make '{path}' read-only for the test (a file could still be created).");
            }
            catch (UnauthorizedAccessException)
            {
            }
            catch (IOException)
            {
            }
        }

        public string Path { get; }

        public void Dispose()
        {
            if (_immutable)
            {
                Chattr("-i", Path);
            }
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        private static void Chattr(string flag, string path)
        {
            var psi = new ProcessStartInfo("chattr") { RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(flag);
            psi.ArgumentList.Add(path);
            using var process = Process.Start(psi)!;
            var err = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chattr {flag} '{path}' failed (exit {process.ExitCode}): {err}. Running as root, the test needs chattr to make a folder read-only.");
            }
        }
    }
}
