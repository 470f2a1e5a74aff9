using System;
using System.Collections.Generic;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// The parts of the BIDS schema the listing needs: entity order (rules/entities.yaml), which entities are
    /// indices, and the anatomical suffixes with the extra entities each allows (rules/files/raw/anat.yaml).
    /// </summary>
    public static class BidsSchema
    {
        /// <summary>All entity keys in the order they must appear in a file name.</summary>
        public static IReadOnlyList<string> EntityOrder { get; } = new[]
        {
            "sub", "tpl", "ses", "cohort", "sample", "task", "tracksys", "acq", "nuc", "voi", "ce", "trc", "stain", "rec",
            "dir", "run", "mod", "echo", "flip", "inv", "mt", "part", "proc", "hemi", "space", "split", "recording",
            "chunk", "atlas", "seg", "scale", "res", "den", "label", "desc",
        };

        private static readonly Dictionary<string, int> s_entityRank = BuildRank();

        private static readonly HashSet<string> s_indexEntities = new HashSet<string>(StringComparer.Ordinal)
        {
            "run", "echo", "flip", "inv", "chunk", "split",
        };

        // Entities every raw MRI anat file may carry (meta/templates.yaml raw.mri) besides its group's extras.
        private static readonly string[] s_rawMri = { "sub", "ses", "acq", "ce", "rec", "run", "chunk" };

        private static readonly Dictionary<string, HashSet<string>> s_anatSuffixes = BuildAnatSuffixes();

        /// <summary>Anatomical suffixes (the nonparametric, parametric and file-collection groups, deprecated ones and defacemask).</summary>
        public static IEnumerable<string> AnatSuffixes => s_anatSuffixes.Keys;

        /// <summary>Suffixes BIDS has deprecated but datasets still use (ds000117 FLASH).</summary>
        public static IReadOnlyCollection<string> DeprecatedAnatSuffixes { get; } = new[] { "T2star", "FLASH", "PD" };

        /// <summary>The suffix of defacing masks: never an image to deface.</summary>
        public const string DefaceMaskSuffix = "defacemask";

        /// <summary>True when <paramref name="key"/> is a BIDS entity.</summary>
        public static bool IsKnownEntity(string key) => s_entityRank.ContainsKey(key);

        /// <summary>Position of <paramref name="key"/> in <see cref="EntityOrder"/>, or -1 when unknown.</summary>
        public static int EntityRank(string key) => s_entityRank.TryGetValue(key, out var r) ? r : -1;

        /// <summary>True for entities whose value is an index (digits, leading zeros kept as written, sorted numerically).</summary>
        public static bool IsIndexEntity(string key) => s_indexEntities.Contains(key);

        /// <summary>True when <paramref name="suffix"/> is an anatomical suffix (case-sensitive, as BIDS is).</summary>
        public static bool IsAnatSuffix(string suffix) => s_anatSuffixes.ContainsKey(suffix);

        /// <summary>True when <paramref name="key"/> may appear on a raw anat file with <paramref name="suffix"/>.</summary>
        public static bool IsEntityAllowedForAnat(string suffix, string key)
            => s_anatSuffixes.TryGetValue(suffix, out var allowed) && allowed.Contains(key);

        private static Dictionary<string, int> BuildRank()
        {
            var rank = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < EntityOrder.Count; i++)
            {
                rank[EntityOrder[i]] = i;
            }
            return rank;
        }

        private static Dictionary<string, HashSet<string>> BuildAnatSuffixes()
        {
            var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            void Group(string suffixes, params string[] extra)
            {
                foreach (var s in suffixes.Split(' '))
                {
                    var set = new HashSet<string>(s_rawMri, StringComparer.Ordinal);
                    set.UnionWith(extra);
                    map[s] = set;
                }
            }
            Group("T1w T2w PDw T2starw FLAIR inplaneT1 inplaneT2 PDT2 angio T2star FLASH PD", "task", "echo", "part");
            Group("T1map T2map T2starmap R1map R2map R2starmap PDmap MTRmap MTsat UNIT1 T1rho MWFmap MTVmap Chimap S0map M0map", "task");
            Group(DefaceMaskSuffix, "task", "mod");
            Group("MEGRE", "task", "echo", "part");
            Group("MESE", "task", "dir", "echo", "part");
            Group("VFA", "task", "echo", "flip", "part");
            Group("IRT1", "task", "inv", "part");
            Group("MP2RAGE", "task", "echo", "flip", "inv", "part");
            Group("MPM MTS", "task", "echo", "flip", "mt", "part");
            Group("MTR", "task", "mt", "part");
            return map;
        }
    }
}
