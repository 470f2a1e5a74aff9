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
    /// The file format of the private stores under <c>sourcedata/defacer/</c> (date offsets, device pseudonyms): one JSON
    /// object holding a "Description" that warns the reader and one section mapping names to values. A store that cannot
    /// be read is an error, never an empty store: starting afresh would give new offsets or pseudonyms to subjects and
    /// devices that already have some.
    /// </summary>
    internal static class PrivateStoreFile
    {
        /// <summary>
        /// Calls <paramref name="read"/> for each entry of <paramref name="section"/> in the store at
        /// <paramref name="path"/> (nothing when the file does not exist). A malformed file, or an entry
        /// <paramref name="read"/> rejects (by throwing FormatException, InvalidCastException or ArgumentException), is a
        /// <see cref="MetadataFormatException"/> naming the file and <paramref name="what"/> it holds.
        /// </summary>
        public static void Load(string path, string section, string what, Action<JProperty> read)
        {
            if (!File.Exists(path))
            {
                return;
            }
            try
            {
                var root = JObject.Parse(File.ReadAllText(path, Encoding.UTF8));
                if (root[section] is JObject entries)
                {
                    foreach (var entry in entries.Properties())
                    {
                        read(entry);
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidCastException || ex is ArgumentException)
            {
                var position = ex as JsonReaderException;
                throw new MetadataFormatException(path, position?.LineNumber ?? 1, position?.LinePosition ?? 1,
                    $"the store cannot be read ({ex.Message}); fix or move it: it holds {what} of earlier runs.");
            }
        }

        /// <summary>Writes the store atomically (creating its folder): the description, then the section's entries in the given order.</summary>
        public static void Save(string path, string description, string section, IEnumerable<KeyValuePair<string, JToken>> entries)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var map = new JObject();
            foreach (var entry in entries)
            {
                map[entry.Key] = entry.Value;
            }
            var root = new JObject
            {
                ["Description"] = description,
                [section] = map,
            };
            AtomicFile.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(root.ToString(Formatting.Indented) + "\n"));
        }
    }
}
