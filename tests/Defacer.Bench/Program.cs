using System;
using System.Collections.Generic;
using System.Linq;

namespace Defacer.Bench
{
    /// <summary>
    /// Runs the benchmark areas named on the command line (e.g. <c>nifti</c>), or all of them when none is named.
    /// Each area prints its own figures and returns 0 when it ran to the end.
    /// </summary>
    public static class Program
    {
        /// <summary>Area name to entry point. Add one line per area.</summary>
        private static readonly Dictionary<string, Func<int>> s_areas = new Dictionary<string, Func<int>>(StringComparer.OrdinalIgnoreCase)
        {
            ["nifti"] = NiftiBench.Run,
            ["bids"] = BidsBench.Run,
            ["pipeline"] = () => { PipelineBench.Run(); return 0; },
            ["metadata"] = MetadataBench.Run,
            ["deface"] = DefaceBench.Run,
            ["registration"] = RegistrationBench.Run,
            ["quality"] = QualityBench.Run,
            ["endtoend"] = EndToEndBench.Run,
        };

        public static int Main(string[] args)
        {
            // Internal: a fresh child process measuring one operation's peak memory (see NiftiBench).
            if (args.Length == 5 && args[0] == "--memory-child" && args[1] == "nifti")
            {
                return NiftiBench.MemoryChild(args[2], args[3], args[4]);
            }
            if (args.Length == 5 && args[0] == "--memory-child" && args[1] == "endtoend")
            {
                return EndToEndBench.MemoryChild(args[2], args[3], args[4]);
            }
            var unknown = args.Where(a => !s_areas.ContainsKey(a)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"Unknown benchmark area(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", s_areas.Keys)}.");
                return 2;
            }
            var selected = args.Length == 0 ? s_areas.Keys.ToList() : args.ToList();
            int exit = 0;
            foreach (var area in selected)
            {
                Console.WriteLine($"=== {area} ===");
                exit |= s_areas[area]();
            }
            return exit;
        }
    }
}
