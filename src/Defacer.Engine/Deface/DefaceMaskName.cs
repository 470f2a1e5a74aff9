using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// The BIDS name of the <c>_defacemask</c> that records an image's removed region (bids-deid.md 1.2): the image's
    /// entities that the defacemask rule allows (sub, ses, task, acq, ce, rec, run, chunk), in the specification's order,
    /// then <c>mod-&lt;image suffix&gt;</c> (which sits after run), then <c>_defacemask.nii.gz</c>. Entities the rule
    /// does not allow (echo, part, inv, flip, mt...) are dropped, so e.g. both MP2RAGE inversions share one mask name.
    /// </summary>
    public static class DefaceMaskName
    {
        // Specification order of the entities a defacemask may carry, with mod inserted after run.
        private static readonly string[] s_order = { "sub", "ses", "task", "acq", "ce", "rec", "run", "mod", "chunk" };

        /// <summary>The mask file name for an image file name such as <c>sub-01_ses-1_acq-fast_run-1_T2w.nii.gz</c>.</summary>
        /// <exception cref="ArgumentException">The name has no suffix or no sub entity.</exception>
        public static string ForImage(string imageFileName)
        {
            var name = Path.GetFileName(imageFileName);
            var stem = StripNiftiExtension(name);
            var parts = stem.Split('_');
            if (parts.Length < 2)
            {
                throw new ArgumentException($"'{name}' is not a BIDS image name (expected sub-<label>_..._<suffix>).", nameof(imageFileName));
            }
            var suffix = parts[parts.Length - 1];
            var entities = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in parts.Take(parts.Length - 1))
            {
                int dash = part.IndexOf('-');
                if (dash > 0)
                {
                    entities[part.Substring(0, dash)] = part.Substring(dash + 1);
                }
            }
            if (!entities.ContainsKey("sub"))
            {
                throw new ArgumentException($"'{name}' has no sub-<label> entity.", nameof(imageFileName));
            }
            entities["mod"] = suffix;
            var kept = s_order.Where(entities.ContainsKey).Select(k => k + "-" + entities[k]);
            return string.Join("_", kept) + "_defacemask.nii.gz";
        }

        /// <summary>The file name without <c>.nii.gz</c> or <c>.nii</c> (or any other last extension).</summary>
        public static string StripNiftiExtension(string fileName)
        {
            if (fileName.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase))
            {
                return fileName.Substring(0, fileName.Length - 7);
            }
            return Path.GetFileNameWithoutExtension(fileName);
        }

        /// <summary>The sidecar path of an image: same folder and stem, <c>.json</c>.</summary>
        public static string SidecarPathFor(string imagePath) =>
            Path.Combine(Path.GetDirectoryName(imagePath) ?? "", StripNiftiExtension(Path.GetFileName(imagePath)) + ".json");
    }
}
