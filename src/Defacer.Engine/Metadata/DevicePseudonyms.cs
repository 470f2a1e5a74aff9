using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Dataset-unique pseudonyms for DeviceSerialNumber (BIDS allows "a pseudonym ... so long as each pseudonym is unique
    /// within the dataset"). Serials are numbered <c>device-01</c>, <c>device-02</c> ... in the order the (sorted)
    /// dataset walk meets them; the mapping is kept privately in <c>sourcedata/defacer/device-pseudonyms.json</c> so
    /// later runs reuse it. Numbers reveal nothing about the serial.
    /// </summary>
    public sealed class DevicePseudonyms
    {
        /// <summary>The file name under the backup folder.</summary>
        public const string FileName = "device-pseudonyms.json";

        private readonly Dictionary<string, string> _bySerial = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.Ordinal);

        private DevicePseudonyms(string path)
        {
            Path = path;
        }

        /// <summary>Full path of the mapping file.</summary>
        public string Path { get; }

        /// <summary>True when pseudonyms were added since loading.</summary>
        public bool IsDirty { get; private set; }

        /// <summary>Loads the mapping of a dataset (empty when absent).</summary>
        public static DevicePseudonyms Load(string backupRoot)
        {
            var store = new DevicePseudonyms(System.IO.Path.Combine(backupRoot, FileName));
            PrivateStoreFile.Load(store.Path, "Pseudonyms", "the device pseudonyms", entry =>
            {
                var pseudonym = (string?)entry.Value ?? throw new FormatException($"no pseudonym for serial {entry.Name}");
                store._bySerial[entry.Name] = pseudonym;
                store._used.Add(pseudonym);
            });
            return store;
        }

        /// <summary>The pseudonym of a serial, assigning the next free one if it is new.</summary>
        public string For(string serial)
        {
            if (_used.Contains(serial))
            {
                return serial;   // already a pseudonym (a second run over cleaned files)
            }
            if (!_bySerial.TryGetValue(serial, out var pseudonym))
            {
                int n = _bySerial.Count + 1;
                do
                {
                    pseudonym = "device-" + n.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
                    n++;
                }
                while (_used.Contains(pseudonym) || _bySerial.ContainsKey(pseudonym));
                _bySerial[serial] = pseudonym;
                _used.Add(pseudonym);
                IsDirty = true;
            }
            return pseudonym;
        }

        /// <summary>Writes the mapping atomically when it changed.</summary>
        public void SaveIfDirty()
        {
            if (!IsDirty)
            {
                return;
            }
            PrivateStoreFile.Save(Path, "PRIVATE. DeviceSerialNumber pseudonyms written by Remove-BidsMetadata. Never share this file.",
                "Pseudonyms", _bySerial.Select(pair => new KeyValuePair<string, JToken>(pair.Key, pair.Value)));
            IsDirty = false;
        }
    }
}
