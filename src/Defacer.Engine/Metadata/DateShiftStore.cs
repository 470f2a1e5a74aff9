using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// The per-subject day offsets applied to <c>acq_time</c>, kept privately in
    /// <c>sourcedata/defacer/date-shifts.json</c> so that a later run shifts new sessions of a subject by the same number
    /// of days (BIDS: longitudinal intervals MUST be kept). Anyone holding this file can undo the shift: it must never
    /// be shared, like the rest of sourcedata/.
    /// </summary>
    public sealed class DateShiftStore
    {
        /// <summary>The file name under the backup folder.</summary>
        public const string FileName = "date-shifts.json";

        private readonly SortedDictionary<string, int> _offsets = new SortedDictionary<string, int>(StringComparer.Ordinal);

        private DateShiftStore(string path)
        {
            Path = path;
        }

        /// <summary>Full path of the store file.</summary>
        public string Path { get; }

        /// <summary>True when offsets were added since loading.</summary>
        public bool IsDirty { get; private set; }

        /// <summary>The offsets by subject (<c>sub-01</c>), in days (negative moves dates back).</summary>
        public IReadOnlyDictionary<string, int> Offsets => _offsets;

        /// <summary>Loads the store of a dataset (empty when the file does not exist yet).</summary>
        public static DateShiftStore Load(string backupRoot)
        {
            var store = new DateShiftStore(System.IO.Path.Combine(backupRoot, FileName));
            PrivateStoreFile.Load(store.Path, "OffsetDays", "the date offsets", entry => store._offsets[entry.Name] = (int)entry.Value);
            return store;
        }

        /// <summary>The stored offset of a subject, if any.</summary>
        public bool TryGet(string subject, out int days) => _offsets.TryGetValue(subject, out days);

        /// <summary>Records a new offset (an existing one is never changed).</summary>
        public void Add(string subject, int days)
        {
            if (_offsets.ContainsKey(subject))
            {
                throw new InvalidOperationException($"Subject {subject} already has a date offset; offsets are never changed.");
            }
            _offsets[subject] = days;
            IsDirty = true;
        }

        /// <summary>Writes the store atomically when it changed (creating the folder).</summary>
        public void SaveIfDirty()
        {
            if (!IsDirty)
            {
                return;
            }
            PrivateStoreFile.Save(Path,
                "PRIVATE. Whole-day offsets added to acq_time per subject by Remove-BidsMetadata. Anyone holding this file can undo the shift: never share it.",
                "OffsetDays", _offsets.Select(pair => new KeyValuePair<string, JToken>(pair.Key, pair.Value)));
            IsDirty = false;
        }
    }
}
