using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Defacer.Engine.Safety;
using Newtonsoft.Json;
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
            if (!File.Exists(store.Path))
            {
                return store;
            }
            try
            {
                var root = JObject.Parse(File.ReadAllText(store.Path, Encoding.UTF8));
                if (root["Pseudonyms"] is JObject map)
                {
                    foreach (var p in map.Properties())
                    {
                        var pseudonym = (string?)p.Value ?? throw new FormatException($"no pseudonym for serial {p.Name}");
                        store._bySerial[p.Name] = pseudonym;
                        store._used.Add(pseudonym);
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is ArgumentException || ex is InvalidCastException)
            {
                throw new MetadataFormatException(store.Path, 1, 1, "the device pseudonym store cannot be read (" + ex.Message + ").");
            }
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
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var map = new JObject();
            foreach (var pair in _bySerial)
            {
                map[pair.Key] = pair.Value;
            }
            var root = new JObject
            {
                ["Description"] = "PRIVATE. DeviceSerialNumber pseudonyms written by Remove-BidsMetadata. Never share this file.",
                ["Pseudonyms"] = map,
            };
            AtomicFile.WriteAllBytes(Path, new UTF8Encoding(false).GetBytes(root.ToString(Formatting.Indented) + "\n"));
            IsDirty = false;
        }
    }
}
