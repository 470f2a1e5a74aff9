using System;
using System.Collections.Generic;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// Orders names with digit runs compared by value, so <c>run-2</c> sorts before <c>run-10</c> and <c>sub-9</c>
    /// before <c>sub-10</c>, while <c>run-01</c> keeps its spelling. Ties fall back to ordinal order (deterministic).
    /// </summary>
    public sealed class BidsNaturalComparer : IComparer<string>
    {
        /// <summary>The one instance.</summary>
        public static BidsNaturalComparer Instance { get; } = new BidsNaturalComparer();

        /// <inheritdoc />
        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x == null) return -1;
            if (y == null) return 1;
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsDigit(x[i]) && char.IsDigit(y[j]))
                {
                    int si = i, sj = j;
                    while (si < x.Length && x[si] == '0') si++;
                    while (sj < y.Length && y[sj] == '0') sj++;
                    int ei = si, ej = sj;
                    while (ei < x.Length && char.IsDigit(x[ei])) ei++;
                    while (ej < y.Length && char.IsDigit(y[ej])) ej++;
                    // More significant digits = larger number; same length compares digit by digit.
                    if (ei - si != ej - sj) return (ei - si).CompareTo(ej - sj);
                    for (int a = si, b = sj; a < ei; a++, b++)
                    {
                        if (x[a] != y[b]) return x[a].CompareTo(y[b]);
                    }
                    i = ei;
                    j = ej;
                    continue;
                }
                if (x[i] != y[j]) return x[i].CompareTo(y[j]);
                i++;
                j++;
            }
            var byLength = (x.Length - i).CompareTo(y.Length - j);
            return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
        }
    }
}
