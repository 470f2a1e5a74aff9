using System;
using System.Collections.Generic;
using System.Linq;

namespace Defacer.Bench
{
    /// <summary>Runs the benchmark areas named on the command line (all when none), each printing its figures.</summary>
    public static class Program
    {
        // One entry per area; each area lives in its own file.
        private static readonly Dictionary<string, Action> s_areas = new Dictionary<string, Action>(StringComparer.OrdinalIgnoreCase)
        {
            ["Pipeline"] = PipelineBench.Run,
        };

        public static int Main(string[] args)
        {
            var names = args.Length == 0 ? s_areas.Keys.ToList() : args.ToList();
            foreach (var name in names)
            {
                if (!s_areas.TryGetValue(name, out var run))
                {
                    Console.Error.WriteLine($"Unknown benchmark area '{name}'. Areas: {string.Join(", ", s_areas.Keys)}.");
                    return 2;
                }
                Console.WriteLine($"== {name}");
                run();
            }
            return 0;
        }
    }
}
