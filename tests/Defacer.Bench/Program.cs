using System;
using System.Collections.Generic;
using System.Linq;

namespace Defacer.Bench
{
    /// <summary>Runs the benchmark areas named on the command line (all when none), each printing its own figures.</summary>
    public static class Program
    {
        private static readonly Dictionary<string, Func<int>> s_areas = new Dictionary<string, Func<int>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Bids"] = BidsBench.Run,
        };

        public static int Main(string[] args)
        {
            var names = args.Length == 0 ? s_areas.Keys.ToList() : args.ToList();
            var failed = 0;
            foreach (var name in names)
            {
                if (!s_areas.TryGetValue(name, out var run))
                {
                    Console.Error.WriteLine($"Unknown benchmark area '{name}'. Known: {string.Join(", ", s_areas.Keys)}.");
                    return 2;
                }
                Console.WriteLine($"== {name}");
                failed += run();
            }
            return failed == 0 ? 0 : 1;
        }
    }
}
