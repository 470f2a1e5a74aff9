using System.Collections.Generic;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// What a user can pass to a method through <c>Invoke-Deface</c>: the template pair of registration methods, a
    /// ready brain mask, and named extras. A method factory reads what it needs and ignores the rest.
    /// </summary>
    public sealed class DefaceMethodParameters
    {
        /// <summary>Head template image (registration methods).</summary>
        public string? Template { get; set; }

        /// <summary>Face mask on the template's grid (registration methods).</summary>
        public string? FaceMask { get; set; }

        /// <summary>A brain mask on the image's grid, used instead of skull-stripping (Quickshear).</summary>
        public string? BrainMask { get; set; }

        /// <summary>Other named parameters (method specific), recorded in provenance as given.</summary>
        public IDictionary<string, object> Extra { get; } = new SortedDictionary<string, object>(System.StringComparer.Ordinal);

        /// <summary>Everything that was set, for provenance (sorted, so the record is deterministic).</summary>
        public IDictionary<string, object> ToDictionary()
        {
            var d = new SortedDictionary<string, object>(System.StringComparer.Ordinal);
            if (Template != null) d["Template"] = Template;
            if (FaceMask != null) d["FaceMask"] = FaceMask;
            if (BrainMask != null) d["BrainMask"] = BrainMask;
            foreach (var kv in Extra)
            {
                d[kv.Key] = kv.Value;
            }
            return d;
        }
    }
}
