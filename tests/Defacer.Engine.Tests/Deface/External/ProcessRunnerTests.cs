using System;
using System.IO;
using System.Threading;
using Defacer.Engine.Deface.External;
using Xunit;

namespace Defacer.Engine.Tests.Deface.External
{
    /// <summary>The argument vector arrives exactly, through ArgumentList and through the quoted-string fallback.</summary>
    public sealed class ProcessRunnerTests
    {
        private static readonly string[] s_tricky =
        {
            "plain", "with space", "", "\"quoted\"", "back\\slash", "trailing\\", "tail\\\"q", "two  spaces", "tab\there", "it's", "$HOME", "*",
        };

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Arguments_arrive_exactly(bool forceString)
        {
            using var s = new StandIn();
            var tool = s.AddTool("echo-args", "exit 0");
            bool before = ProcessRunner.ForceArgumentString;
            ProcessRunner.ForceArgumentString = forceString;
            try
            {
                var r = ProcessRunner.Run(tool, s_tricky, s.Root, null, TimeSpan.FromSeconds(30), null, CancellationToken.None);
                Assert.Equal(0, r.ExitCode);
            }
            finally
            {
                ProcessRunner.ForceArgumentString = before;
            }
            // printf '%s\n' writes one line per argument; the tab argument stays on its line.
            Assert.Equal(s_tricky, File.ReadAllText(s.ArgvFile).TrimEnd('\n').Split('\n'));
        }

        [Theory]
        [InlineData("a", "a")]
        [InlineData("a b", "\"a b\"")]
        [InlineData("", "\"\"")]
        [InlineData("a\\\"b", "\"a\\\\\\\"b\"")]
        [InlineData("c:\\dir\\", "c:\\dir\\")]
        [InlineData("c:\\my dir\\", "\"c:\\my dir\\\\\"")]
        public void Quote_follows_the_argv_rules(string argument, string quoted)
        {
            Assert.Equal(quoted, CommandLine.Quote(argument));
        }

        [Fact]
        public void The_transcript_keeps_the_latest_lines_and_counts_the_dropped_ones()
        {
            using var s = new StandIn();
            var tool = s.AddTool("chatty", $"seq 1 {ProcessRunner.MaxTranscriptLines + 10}");
            var r = ProcessRunner.Run(tool, Array.Empty<string>(), s.Root, null, TimeSpan.FromSeconds(30), null, CancellationToken.None);
            Assert.Equal(ProcessRunner.MaxTranscriptLines, r.Transcript.Count);
            Assert.Equal(10, r.DroppedLines);
            Assert.Equal("stdout: " + (ProcessRunner.MaxTranscriptLines + 10), r.Transcript[r.Transcript.Count - 1]);
            Assert.StartsWith("(10 earlier lines dropped)", r.TranscriptText());
        }
    }
}
