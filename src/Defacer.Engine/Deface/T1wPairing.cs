using System;
using System.Collections.Generic;
using System.Linq;
using Defacer.Engine.Bids;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Finds the T1w whose face mask a non-T1w image (T2w, FLAIR, ...) reuses, by entities, never by position in a
    /// listing (BIDSonym's "last T1w of the session" gave longitudinal data the wrong mask, peers.md 2.1 #72).
    /// The T1w must share the image's subject and session (both absent counts as equal). Among those, acq and then
    /// run narrow the choice: a candidate with the same value wins over one without; if the image has no such entity,
    /// or no candidate has the same value, the entity does not narrow. Exactly one candidate must remain; none or
    /// several is an error naming them, so the user can pick with -Path instead.
    /// </summary>
    public static class T1wPairing
    {
        /// <summary>The T1w for <paramref name="image"/> among <paramref name="candidates"/> (any suffix; only T1w
        /// images that are present and not deface masks are considered).</summary>
        /// <exception cref="DefaceException">No T1w, or more than one equally good (kind <see cref="DefaceErrorKind.T1wPairingFailed"/>).</exception>
        public static BidsImage Find(BidsImage image, IEnumerable<BidsImage> candidates)
        {
            var pool = candidates
                .Where(c => c.Suffix == "T1w" && !c.IsDefaceMask && c.Path != image.Path)
                .Where(c => Same(c, image, "sub") && Same(c, image, "ses"))
                .ToList();
            foreach (var key in new[] { "acq", "run" })
            {
                var want = image.Entities.Get(key);
                if (want == null)
                {
                    continue;
                }
                var narrowed = pool.Where(c => c.Entities.Get(key) == want).ToList();
                if (narrowed.Count > 0)
                {
                    pool = narrowed;
                }
            }
            if (pool.Count == 1)
            {
                return pool[0];
            }
            var where = image.SessionLabel == null ? $"sub-{image.SubjectLabel}" : $"sub-{image.SubjectLabel} ses-{image.SessionLabel}";
            throw new DefaceException(DefaceErrorKind.T1wPairingFailed, image.Path, pool.Count == 0
                ? $"'{image.RelativePath}': no T1w in {where} to take the face mask from; deface it with its own mask (without -UseT1wMask)."
                : $"'{image.RelativePath}': {pool.Count} T1w images in {where} match equally ({string.Join(", ", pool.Select(c => c.FileName))}); matching acq/run entities decide, and none does. Deface it without -UseT1wMask.");
        }

        private static bool Same(BidsImage a, BidsImage b, string key) =>
            string.Equals(a.Entities.Get(key), b.Entities.Get(key), StringComparison.Ordinal);
    }
}
