using System;
using System.Globalization;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// The date part of a BIDS <c>acq_time</c> value (<c>YYYY-MM-DDThh:mm:ss[.000000][Z|+hh:mm]</c>). Shifting rewrites
    /// only the ten date characters, so the time of day, fractions and zone keep their original text.
    /// </summary>
    public static class AcqTime
    {
        /// <summary>The latest year BIDS recommends for shifted dates.</summary>
        public const int LatestShiftedYear = 1925;

        /// <summary>The earliest year a MEG .fif file can hold, so the floor for shifted dates when MEG data are present.</summary>
        public const int EarliestFifYear = 1902;

        /// <summary>The floor for shifted dates without MEG data (BIDS examples use 1867 and 1877).</summary>
        public const int EarliestYear = 1800;

        /// <summary>Splits a value into its date and the rest (from 'T' on); false for n/a, empty or unparseable values.</summary>
        public static bool TryParse(string value, out DateTime date, out string rest)
        {
            date = default;
            rest = "";
            if (value == null || value.Length < 10)
            {
                return false;
            }
            if (!DateTime.TryParseExact(value.Substring(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return false;
            }
            rest = value.Substring(10);
            return rest.Length == 0 || rest[0] == 'T';
        }

        /// <summary>True for a date that already lies at or before <see cref="LatestShiftedYear"/>: it is not shifted again.</summary>
        public static bool IsAlreadyShifted(DateTime date) => date.Year <= LatestShiftedYear;

        /// <summary>The value with its date moved by <paramref name="days"/>; the rest of the text is kept.</summary>
        public static string Shift(DateTime date, string rest, int days) =>
            date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + rest;
    }
}
