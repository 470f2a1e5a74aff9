using System;
using System.Collections.Generic;

namespace Defacer.Engine.Deface.External
{
    /// <summary>What one process run produced.</summary>
    public sealed class ToolRunResult
    {
        internal ToolRunResult(string executable, IReadOnlyList<string> arguments, int exitCode, TimeSpan duration, IReadOnlyList<string> transcript, long droppedLines, bool timedOut)
        {
            TimedOut = timedOut;
            Executable = executable;
            Arguments = arguments;
            ExitCode = exitCode;
            Duration = duration;
            Transcript = transcript;
            DroppedLines = droppedLines;
        }

        /// <summary>The executable that was started (the container runtime when wrapped).</summary>
        public string Executable { get; }

        /// <summary>The exact argument vector.</summary>
        public IReadOnlyList<string> Arguments { get; }

        /// <summary>The exit code; meaningless when <see cref="TimedOut"/>.</summary>
        public int ExitCode { get; }

        /// <summary>True when the process tree was killed because it ran past the timeout.</summary>
        public bool TimedOut { get; }

        public TimeSpan Duration { get; }

        /// <summary>stdout and stderr lines in arrival order, each prefixed "stdout: " or "stderr: " (most recent kept).</summary>
        public IReadOnlyList<string> Transcript { get; }

        /// <summary>Lines dropped from the start of <see cref="Transcript"/> to bound memory.</summary>
        public long DroppedLines { get; }

        /// <summary>The command line as one display string (quoted).</summary>
        public string CommandLine
        {
            get
            {
                var all = new List<string> { Executable };
                all.AddRange(Arguments);
                return External.CommandLine.Join(all);
            }
        }

        /// <summary>The transcript as text, with a note when early lines were dropped.</summary>
        public string TranscriptText()
        {
            var text = string.Join("\n", Transcript);
            return DroppedLines > 0 ? $"({DroppedLines} earlier lines dropped)\n{text}" : text;
        }

        /// <summary>The last <paramref name="lines"/> lines, for error messages.</summary>
        public string Tail(int lines = 15)
        {
            int start = Math.Max(0, Transcript.Count - lines);
            var tail = new List<string>();
            for (int i = start; i < Transcript.Count; i++)
            {
                tail.Add(Transcript[i]);
            }
            return string.Join("\n", tail);
        }
    }
}
