using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Defacer.Engine.Safety;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// The per-image provenance record, <c>sourcedata/defacer/&lt;relative path&gt;.defacer.json</c>: one entry per run
    /// (a forced re-run appends, so the hash of the true original stays on record), each with the method, its
    /// parameters, the module version, SHA-256 before and after, UTC time, removed voxel count and the method's details.
    /// </summary>
    public static class DefaceProvenance
    {
        /// <summary>The suffix added to the image's file name.</summary>
        public const string FileSuffix = ".defacer.json";

        /// <summary>The provenance path for an image, under <paramref name="provenanceRoot"/> (sourcedata/defacer).</summary>
        public static string PathFor(string provenanceRoot, string relativeImagePath) =>
            Path.Combine(provenanceRoot, relativeImagePath + FileSuffix);

        /// <summary>The JSON object describing one run.</summary>
        public static JObject BuildEntry(DefaceResult result, DefaceOptions options, IDictionary<string, object> methodParameters)
        {
            var entry = new JObject
            {
                ["Tool"] = "Defacer",
                ["ModuleVersion"] = options.ModuleVersion,
                ["TimeUtc"] = result.TimeUtc?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                ["Image"] = result.RelativePath.Replace('\\', '/'),
                ["Method"] = result.Method,
                ["Parameters"] = ToToken(methodParameters),
                ["Fill"] = result.Fill.ToString(),
                ["Mode"] = options.OutputRoot == null ? "InPlace" : "OutputPath",
                ["Sha256Before"] = result.Sha256Before,
                ["Sha256After"] = result.Sha256After,
                ["VoxelsRemoved"] = result.VoxelsRemoved,
                ["PercentRemoved"] = Math.Round(result.PercentRemoved, 4),
                ["Volumes"] = result.Volumes,
                ["BrainVoxelsRemoved"] = result.BrainVoxelsRemoved.HasValue ? (JToken)result.BrainVoxelsRemoved.Value : JValue.CreateNull(),
                ["Output"] = result.OutputPath,
                ["Backup"] = result.BackupPath,
                ["Mask"] = result.MaskPath,
                ["Details"] = ToToken(result.Details),
            };
            if (result.Fill == FaceFill.Blur)
            {
                entry["BlurFwhmMm"] = options.BlurFwhmMm;
            }
            return entry;
        }

        /// <summary>
        /// Appends <paramref name="entry"/> to the record at <paramref name="path"/> (creating it), replacing the file
        /// atomically. An unreadable existing record is kept aside as <c>.corrupt-&lt;time&gt;</c> rather than lost.
        /// </summary>
        public static void Append(string path, JObject entry)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var runs = new JArray();
            if (File.Exists(path))
            {
                try
                {
                    var existing = JObject.Parse(File.ReadAllText(path));
                    if (existing["Runs"] is JArray a)
                    {
                        runs = a;
                    }
                }
                catch (JsonException)
                {
                    File.Move(path, path + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMddTHHmmssfff", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            runs.Add(entry);
            var doc = new JObject { ["Runs"] = runs };
            var text = doc.ToString(Formatting.Indented) + "\n";
            AtomicFile.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
        }

        private static JToken ToToken(IEnumerable<KeyValuePair<string, object>> values)
        {
            var o = new JObject();
            foreach (var kv in values)
            {
                JToken token;
                try
                {
                    token = kv.Value == null ? JValue.CreateNull() : JToken.FromObject(kv.Value);
                }
                catch (Exception ex) when (ex is JsonException || ex is ArgumentException || ex is InvalidOperationException)
                {
                    // Provenance must never fail a deface: a value JSON cannot represent is recorded as its text.
                    token = kv.Value?.ToString() ?? "";
                }
                o[kv.Key] = token;
            }
            return o;
        }
    }
}
