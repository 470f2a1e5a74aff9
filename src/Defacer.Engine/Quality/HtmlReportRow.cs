using System.Collections.Generic;

namespace Defacer.Engine.Quality
{
    /// <summary>A named figure in a report row: a number (sorted numerically) with its display text.</summary>
    public sealed class HtmlReportFigure
    {
        public HtmlReportFigure(string name, double? value, string? text = null)
        {
            Name = name;
            Value = value;
            Text = text ?? (value.HasValue ? Format(value.Value) : "n/a");
        }

        /// <summary>Column name.</summary>
        public string Name { get; }

        /// <summary>The number used for sorting; null or NaN shows as n/a and sorts last.</summary>
        public double? Value { get; }

        /// <summary>What the cell shows.</summary>
        public string Text { get; }

        private static string Format(double v)
        {
            if (double.IsNaN(v) || double.IsInfinity(v))
            {
                return "n/a";
            }
            return System.Math.Abs(v) >= 1e5 ? v.ToString("0.###e+0", System.Globalization.CultureInfo.InvariantCulture)
                : v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A picture in a report row: shown as a thumbnail, opening the full-size image on click.</summary>
    public sealed class HtmlReportPicture
    {
        /// <param name="path">Path of the full-size image relative to the report's folder (forward or back slashes).</param>
        /// <param name="caption">Short caption (also the alt text).</param>
        /// <param name="thumbnailPath">A smaller image to show in the table; null shows the full image scaled down.</param>
        public HtmlReportPicture(string path, string caption, string? thumbnailPath = null)
        {
            Path = path;
            Caption = caption;
            ThumbnailPath = thumbnailPath;
        }

        public string Path { get; }

        public string Caption { get; }

        public string? ThumbnailPath { get; }
    }

    /// <summary>One image's row in an <see cref="HtmlReport"/>.</summary>
    public sealed class HtmlReportRow
    {
        public HtmlReportRow(string image, QualityVerdict verdict)
        {
            Image = image;
            Verdict = verdict;
        }

        /// <summary>The image's name or path as the user knows it.</summary>
        public string Image { get; }

        public QualityVerdict Verdict { get; }

        /// <summary>Why the verdict is what it is, one sentence each.</summary>
        public IList<string> Reasons { get; } = new List<string>();

        /// <summary>Numbers shown in their own sortable columns (columns are the union over rows, in first-seen order).</summary>
        public IList<HtmlReportFigure> Figures { get; } = new List<HtmlReportFigure>();

        /// <summary>Renders and slices.</summary>
        public IList<HtmlReportPicture> Pictures { get; } = new List<HtmlReportPicture>();
    }
}
