using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Chooses one whole-day offset per subject so that all of the subject's real dates land in
    /// [floor, 1925-12-31], floor being 1902-01-01 when MEG .fif files are present (the format cannot hold earlier
    /// dates) and 1800-01-01 otherwise. The offset is drawn uniformly from the allowed range: secret by default
    /// (cryptographic generator), reproducible when a seed is given.
    /// </summary>
    public sealed class DateShiftPlanner
    {
        private readonly Dictionary<string, (DateTime Earliest, DateTime Latest)> _ranges = new Dictionary<string, (DateTime, DateTime)>(StringComparer.Ordinal);

        /// <summary>Creates a planner.</summary>
        public DateShiftPlanner(bool megPresent, int? seed)
        {
            MegPresent = megPresent;
            Seed = seed;
        }

        /// <summary>True when the floor is 1902 (MEG .fif data in the dataset).</summary>
        public bool MegPresent { get; }

        /// <summary>The seed for reproducible offsets, or null for secret ones.</summary>
        public int? Seed { get; }

        /// <summary>The earliest allowed shifted date.</summary>
        public DateTime Floor => new DateTime(MegPresent ? AcqTime.EarliestFifYear : AcqTime.EarliestYear, 1, 1);

        /// <summary>The latest allowed shifted date.</summary>
        public static DateTime Ceiling => new DateTime(AcqTime.LatestShiftedYear, 12, 31);

        /// <summary>Notes a real (not yet shifted) date of a subject.</summary>
        public void Observe(string subject, DateTime date)
        {
            if (_ranges.TryGetValue(subject, out var range))
            {
                _ranges[subject] = (date < range.Earliest ? date : range.Earliest, date > range.Latest ? date : range.Latest);
            }
            else
            {
                _ranges[subject] = (date, date);
            }
        }

        /// <summary>The subjects with observed dates, in ordinal order.</summary>
        public IReadOnlyList<string> Subjects
        {
            get
            {
                var subjects = new List<string>(_ranges.Keys);
                subjects.Sort(StringComparer.Ordinal);
                return subjects;
            }
        }

        /// <summary>
        /// Adds to <paramref name="store"/> an offset for <paramref name="subject"/> if it has none yet. Throws
        /// <see cref="InvalidOperationException"/> when the subject's dates span more than the allowed window.
        /// </summary>
        public void AssignMissing(DateShiftStore store, string subject)
        {
            if (store.TryGet(subject, out _) || !_ranges.TryGetValue(subject, out var range))
            {
                return;
            }
            int min = (int)(Floor - range.Earliest).TotalDays;      // most negative allowed offset
            int max = (int)(Ceiling - range.Latest).TotalDays;      // least negative allowed offset
            if (min > max)
            {
                throw new InvalidOperationException($"The acq_time dates of {subject} span {(range.Latest - range.Earliest).TotalDays:0} days, more than fits between {Floor:yyyy-MM-dd} and {Ceiling:yyyy-MM-dd}; use -DropAcqTime.");
            }
            store.Add(subject, min + (int)(Draw(subject) % (ulong)(max - min + 1)));
        }

        private ulong Draw(string subject)
        {
            var bytes = new byte[8];
            if (Seed.HasValue)
            {
                // Reproducible and independent of the order subjects are met in.
                using (var sha = SHA256.Create())
                {
                    Array.Copy(sha.ComputeHash(Encoding.UTF8.GetBytes(Seed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + subject)), bytes, 8);
                }
            }
            else
            {
                using (var rng = RandomNumberGenerator.Create())
                {
                    rng.GetBytes(bytes);
                }
            }
            return BitConverter.ToUInt64(bytes, 0);
        }
    }
}
