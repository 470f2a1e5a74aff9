using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// Runs one external process with an exact argument vector, captures stdout and stderr line by line, and kills the
    /// whole process tree on timeout or cancellation (tools such as mideface or @afni_refacer_run are scripts that
    /// start many children; killing only the script would leave them running).
    /// </summary>
    public static class ProcessRunner
    {
        /// <summary>Lines kept in the transcript; older ones are dropped (counted) so a chatty tool cannot exhaust memory.</summary>
        public const int MaxTranscriptLines = 5000;

        private static readonly PropertyInfo? s_argumentList = typeof(ProcessStartInfo).GetProperty("ArgumentList");
        private static readonly MethodInfo? s_killTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

        /// <summary>Test hook: quote arguments into one string even where ArgumentList exists (to test <see cref="CommandLine"/>).</summary>
        internal static bool ForceArgumentString
        {
            get => t_forceArgumentString;
            set => t_forceArgumentString = value;
        }

        // Per thread, so a test that forces the string path cannot affect runs on other threads.
        [ThreadStatic]
        private static bool t_forceArgumentString;

        /// <summary>
        /// Starts <paramref name="executable"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>,
        /// waits for it to exit or for <paramref name="timeout"/>, and returns what it printed.
        /// </summary>
        /// <param name="executable">Path of the program.</param>
        /// <param name="arguments">The exact argument vector.</param>
        /// <param name="workingDirectory">The child's current directory.</param>
        /// <param name="environment">Full environment of the child (null value = unset); null inherits ours.</param>
        /// <param name="timeout">After this the process tree is killed and the result says TimedOut.</param>
        /// <param name="onLine">Called with each line as it arrives ("stdout: ..." / "stderr: ..."), serialised.</param>
        /// <param name="cancellationToken">Kills the process tree and throws when cancelled.</param>
        /// <exception cref="OperationCanceledException">Cancelled; the process tree was killed first.</exception>
        /// <exception cref="Win32Exception">The process could not be started.</exception>
        public static ToolRunResult Run(
            string executable,
            IReadOnlyList<string> arguments,
            string workingDirectory,
            IDictionary<string, string?>? environment,
            TimeSpan timeout,
            Action<string>? onLine,
            CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var psi = new ProcessStartInfo
            {
                FileName = executable,
                WorkingDirectory = workingDirectory,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            SetArguments(psi, arguments);
            if (environment != null)
            {
                psi.Environment.Clear();
                foreach (var kv in environment)
                {
                    if (kv.Value != null)
                    {
                        psi.Environment[kv.Key] = kv.Value;
                    }
                }
            }

            var transcript = new LinkedList<string>();
            long dropped = 0;
            var gate = new object();
            var stdoutDone = new ManualResetEventSlim(false);
            var stderrDone = new ManualResetEventSlim(false);
            void Receive(string prefix, string? line, ManualResetEventSlim done)
            {
                if (line == null)
                {
                    done.Set();
                    return;
                }
                var entry = prefix + line;
                lock (gate)
                {
                    transcript.AddLast(entry);
                    if (transcript.Count > MaxTranscriptLines)
                    {
                        transcript.RemoveFirst();
                        dropped++;
                    }
                    try
                    {
                        onLine?.Invoke(entry);
                    }
                    catch (Exception)
                    {
                        // A failing log sink must not break the tool run; the transcript still has the line.
                    }
                }
            }

            using var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            using var exited = new ManualResetEventSlim(false);
            process.Exited += (_, __) => exited.Set();
            process.OutputDataReceived += (_, e) => Receive("stdout: ", e.Data, stdoutDone);
            process.ErrorDataReceived += (_, e) => Receive("stderr: ", e.Data, stderrDone);

            var clock = Stopwatch.StartNew();
            process.Start();
            // Tools that prompt would otherwise wait forever for input.
            try
            {
                process.StandardInput.Close();
            }
            catch (Exception)
            {
                // The process may already have exited and closed its end.
            }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            bool timedOut = false;
            bool cancelled = false;
            var handles = new[] { exited.WaitHandle, cancellationToken.WaitHandle };
            long timeoutMs = (long)Math.Min(timeout.TotalMilliseconds, int.MaxValue);
            while (!process.HasExited)
            {
                long remaining = timeoutMs - clock.ElapsedMilliseconds;
                if (remaining <= 0)
                {
                    timedOut = true;
                    break;
                }
                int which = WaitHandle.WaitAny(handles, (int)Math.Min(remaining, 1000));
                if (which == 1)
                {
                    cancelled = true;
                    break;
                }
            }
            if (timedOut || cancelled)
            {
                KillTree(process);
                process.WaitForExit(10000);
            }
            // Let the reader threads deliver the last lines; bounded, because a grandchild that survived (daemonised)
            // could hold the pipes open forever.
            stdoutDone.Wait(5000);
            stderrDone.Wait(5000);
            clock.Stop();
            if (cancelled)
            {
                throw new OperationCanceledException("The external tool was cancelled and its process tree killed.", cancellationToken);
            }
            string[] lines;
            long droppedCount;
            lock (gate)
            {
                lines = new string[transcript.Count];
                transcript.CopyTo(lines, 0);
                droppedCount = dropped;
            }
            int exitCode = process.HasExited ? process.ExitCode : -1;
            return new ToolRunResult(executable, arguments, exitCode, clock.Elapsed, lines, droppedCount, timedOut);
        }

        private static void SetArguments(ProcessStartInfo psi, IReadOnlyList<string> arguments)
        {
            // ArgumentList (.NET Core 2.1+) passes the vector untouched; .NET Framework only has the quoted string.
            if (!ForceArgumentString && s_argumentList?.GetValue(psi) is ICollection<string> list)
            {
                foreach (var a in arguments)
                {
                    list.Add(a);
                }
                return;
            }
            psi.Arguments = CommandLine.Join(arguments);
        }

        /// <summary>Kills the process and all its descendants; never throws.</summary>
        internal static void KillTree(Process process)
        {
            try
            {
                if (process.HasExited)
                {
                    return;
                }
                if (s_killTree != null)
                {
                    s_killTree.Invoke(process, new object[] { true });
                    return;
                }
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    // .NET Framework (Windows PowerShell 5.1) has no Kill(bool): taskkill /T walks the tree.
                    using var taskkill = Process.Start(new ProcessStartInfo("taskkill", $"/T /F /PID {process.Id}") { UseShellExecute = false, CreateNoWindow = true });
                    taskkill?.WaitForExit(10000);
                }
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (Exception)
            {
                // Already gone, or not ours to kill: nothing more can be done.
            }
        }
    }
}
