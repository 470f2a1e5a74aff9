using System;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Decides, from the catalogue and the user's options, what happens to each JSON key. Precedence: -KeepField, then
    /// -Field, then list A (unless its group is kept), then the report rules of list B.
    /// </summary>
    public sealed class KeyPolicy
    {
        private readonly MetadataOptions _options;

        /// <summary>Creates the policy for a run.</summary>
        public KeyPolicy(MetadataOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
        }

        /// <summary>The options the policy was made from.</summary>
        public MetadataOptions Options => _options;

        /// <summary>
        /// The decision for key <paramref name="key"/> at nesting depth <paramref name="depth"/> (0 = top level), or null
        /// when the key is unremarkable.
        /// </summary>
        public KeyDecision? Decide(string key, int depth)
        {
            if (_options.KeepFields.Contains(key))
            {
                return IsOfInterest(key, depth) ? new KeyDecision(MetadataAction.Keep, "kept by -KeepField") : (KeyDecision?)null;
            }
            if (_options.AddFields.Contains(key))
            {
                return new KeyDecision(MetadataAction.Remove, "requested by -Field");
            }
            var group = IdentifyingKeys.GroupOf(key, depth);
            if (group.HasValue)
            {
                // Pseudonymising wins over keeping the group: "keep the institution, but not the serial".
                if (key == "DeviceSerialNumber" && _options.PseudonymizeDevice)
                {
                    return new KeyDecision(MetadataAction.Pseudonymize, "device serial replaced by a dataset-unique pseudonym");
                }
                if (_options.KeepGroups.Contains(group.Value))
                {
                    return new KeyDecision(MetadataAction.Keep, $"group {group.Value} kept by -KeepGroup");
                }
                return new KeyDecision(MetadataAction.Remove, $"identifying ({group.Value})");
            }
            if (IdentifyingKeys.LooksIdentifying(key))
            {
                return new KeyDecision(MetadataAction.Report, "key name suggests a date, name, address or comment");
            }
            return null;
        }

        private static bool IsOfInterest(string key, int depth) =>
            IdentifyingKeys.GroupOf(key, depth).HasValue || IdentifyingKeys.LooksIdentifying(key);
    }
}
