using System;
using System.Collections.Generic;

namespace Defacer.Engine.Quality
{
    /// <summary>One measure before and after defacing.</summary>
    public sealed class QualityMeasureChange
    {
        public QualityMeasureChange(string name, double before, double after)
        {
            Name = name;
            Before = before;
            After = after;
        }

        public string Name { get; }

        public double Before { get; }

        public double After { get; }

        /// <summary>After - Before.</summary>
        public double Delta => After - Before;

        /// <summary>Relative change in percent of Before; NaN when Before is 0 or undefined.</summary>
        public double PercentChange => Before != 0 && !double.IsNaN(Before) ? 100.0 * (After - Before) / Math.Abs(Before) : double.NaN;

        /// <summary>The change of every measure, in the order of <see cref="ImageQualityMeasures.ToList"/>.</summary>
        public static IReadOnlyList<QualityMeasureChange> Compare(ImageQualityMeasures before, ImageQualityMeasures after)
        {
            var b = before.ToList();
            var a = after.ToList();
            var list = new List<QualityMeasureChange>(b.Count);
            for (int i = 0; i < b.Count; i++)
            {
                list.Add(new QualityMeasureChange(b[i].Key, b[i].Value, a[i].Value));
            }
            return list;
        }

        public override string ToString() =>
            string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}: {1:G4} -> {2:G4} ({3:+0.0;-0.0;0}%)", Name, Before, After, PercentChange);
    }
}
