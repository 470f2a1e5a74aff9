using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// The key-value entities of a BIDS file name (<c>sub-01_ses-1_acq-fast_run-1</c>), kept in BIDS order
    /// (unknown keys after the known ones, in file order). Values are kept exactly as written, so
    /// <c>run-01</c> stays "01"; use <see cref="GetIndex"/> for the number. Immutable.
    /// </summary>
    public sealed class BidsEntities : IEquatable<BidsEntities>
    {
        private readonly KeyValuePair<string, string>[] _pairs;

        /// <summary>No entities.</summary>
        public static BidsEntities Empty { get; } = new BidsEntities(Array.Empty<KeyValuePair<string, string>>());

        /// <summary>Creates entities from pairs in any order; a repeated key keeps its first value.</summary>
        public BidsEntities(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            if (pairs == null) throw new ArgumentNullException(nameof(pairs));
            // Stable insertion sort (names hold a handful of entities): known entities by schema rank, unknown ones
            // after in their original order; a repeated key keeps its first value.
            var list = new List<KeyValuePair<string, string>>();
            var ranks = new List<int>();
            foreach (var p in pairs)
            {
                if (list.Exists(x => string.Equals(x.Key, p.Key, StringComparison.Ordinal))) continue;
                var rank = BidsSchema.EntityRank(p.Key);
                if (rank < 0) rank = int.MaxValue;
                var at = list.Count;
                while (at > 0 && ranks[at - 1] > rank) at--;
                list.Insert(at, p);
                ranks.Insert(at, rank);
            }
            _pairs = list.ToArray();
        }

        /// <summary>The pairs in BIDS order.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

        /// <summary>The keys in BIDS order.</summary>
        public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

        /// <summary>Number of entities.</summary>
        public int Count => _pairs.Length;

        /// <summary>The value of <paramref name="key"/> (e.g. "acq"), or null when absent.</summary>
        public string? this[string key] => Get(key);

        /// <summary>The value of <paramref name="key"/> (e.g. "acq"), or null when absent.</summary>
        public string? Get(string key)
        {
            foreach (var p in _pairs)
            {
                if (string.Equals(p.Key, key, StringComparison.Ordinal)) return p.Value;
            }
            return null;
        }

        /// <summary>True when <paramref name="key"/> is present.</summary>
        public bool Contains(string key) => Get(key) != null;

        /// <summary>The numeric value of an index entity (run, echo, inv, ...), or null when absent or not digits.</summary>
        public int? GetIndex(string key)
        {
            var v = Get(key);
            return v != null && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        }

        /// <summary>Subject label (<c>sub</c>).</summary>
        public string? Subject => Get("sub");

        /// <summary>Session label (<c>ses</c>).</summary>
        public string? Session => Get("ses");

        /// <summary>Task label (<c>task</c>).</summary>
        public string? Task => Get("task");

        /// <summary>Acquisition label (<c>acq</c>).</summary>
        public string? Acquisition => Get("acq");

        /// <summary>Contrast agent label (<c>ce</c>).</summary>
        public string? ContrastEnhancement => Get("ce");

        /// <summary>Reconstruction label (<c>rec</c>).</summary>
        public string? Reconstruction => Get("rec");

        /// <summary>Run index as written (<c>run</c>, e.g. "01").</summary>
        public string? Run => Get("run");

        /// <summary>Modality of a defacemask (<c>mod</c>, e.g. "T1w").</summary>
        public string? Modality => Get("mod");

        /// <summary>Echo index as written (<c>echo</c>).</summary>
        public string? Echo => Get("echo");

        /// <summary>Flip index as written (<c>flip</c>).</summary>
        public string? Flip => Get("flip");

        /// <summary>Inversion index as written (<c>inv</c>).</summary>
        public string? Inversion => Get("inv");

        /// <summary>Magnetization transfer state (<c>mt</c>: on/off).</summary>
        public string? MagnetizationTransfer => Get("mt");

        /// <summary>Part (<c>part</c>: mag, phase, real, imag).</summary>
        public string? Part => Get("part");

        /// <summary>Chunk index as written (<c>chunk</c>).</summary>
        public string? Chunk => Get("chunk");

        /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (added in BIDS order or replaced).</summary>
        public BidsEntities With(string key, string value)
        {
            if (string.IsNullOrEmpty(key)) throw new ArgumentException("Entity key must not be empty.", nameof(key));
            if (string.IsNullOrEmpty(value)) throw new ArgumentException($"Value of entity '{key}' must not be empty.", nameof(value));
            var pairs = _pairs.Where(p => p.Key != key).ToList();
            pairs.Add(new KeyValuePair<string, string>(key, value));
            return new BidsEntities(pairs);
        }

        /// <summary>A copy without <paramref name="keys"/>.</summary>
        public BidsEntities Without(params string[] keys)
            => new BidsEntities(_pairs.Where(p => Array.IndexOf(keys, p.Key) < 0));

        /// <summary>
        /// True when every entity here is also in <paramref name="other"/> with the same value (the inheritance
        /// principle's "no entity the data file lacks"; a partial <c>+</c> label does not match).
        /// </summary>
        public bool IsSubsetOf(BidsEntities other)
        {
            foreach (var p in _pairs)
            {
                if (!string.Equals(other.Get(p.Key), p.Value, StringComparison.Ordinal)) return false;
            }
            return true;
        }

        /// <summary>A file name: the entities, the suffix and the extension (e.g. ".nii.gz").</summary>
        public string ToFileName(string suffix, string extension)
        {
            var stem = ToString();
            return (stem.Length == 0 ? suffix : stem + "_" + suffix) + extension;
        }

        /// <summary>The entities joined as in a file name: <c>sub-01_ses-1_run-1</c>.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var p in _pairs)
            {
                if (sb.Length > 0) sb.Append('_');
                sb.Append(p.Key).Append('-').Append(p.Value);
            }
            return sb.ToString();
        }

        /// <inheritdoc />
        public bool Equals(BidsEntities? other)
            => other != null && _pairs.Length == other._pairs.Length && IsSubsetOf(other);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as BidsEntities);

        /// <inheritdoc />
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }
}
