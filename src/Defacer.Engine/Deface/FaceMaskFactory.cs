using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Threading;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Builds <see cref="FaceMaskMethod"/> from <c>Invoke-Deface</c> parameters:
    /// <list type="bullet">
    /// <item><c>Template</c> + <c>FaceMask</c>: explicit pair (else the default pair from <see cref="TemplateCache"/>);
    /// <c>Extra["TemplateBrainMask"]</c>: the explicit pair's brain mask (optional);</item>
    /// <item><c>Extra["TemplateDirectory"]</c>: offline folder with the default files (overrides DEFACER_TEMPLATE_DIR);</item>
    /// <item><c>BrainMask</c>: the subject's brain mask on the image's grid; otherwise the subject is skull-stripped
    /// (<see cref="BrainExtractor"/>) unless <c>Extra["SkullStrip"]</c> is false; the template's brain is guarded always;</item>
    /// <item><c>Extra["BrainMarginMm"]</c>: margin around the brain that is never removed (default 4).</item>
    /// </list>
    /// Loaded templates are kept per file (path, size, time), so a dataset run loads them once.
    /// </summary>
    public static class FaceMaskFactory
    {
        private static readonly ConcurrentDictionary<string, Lazy<FaceMaskTemplate>> s_templates =
            new ConcurrentDictionary<string, Lazy<FaceMaskTemplate>>(StringComparer.Ordinal);

        /// <summary>Creates the method; throws <see cref="ArgumentException"/> for bad parameters and
        /// <see cref="TemplateException"/> when the template files cannot be provided.</summary>
        public static IDefaceMethod Create(DefaceMethodParameters parameters)
        {
            parameters = parameters ?? new DefaceMethodParameters();
            string? offline = GetString(parameters, "TemplateDirectory");
            string? templateBrain = GetString(parameters, "TemplateBrainMask");
            var set = new TemplateCache(offlineDirectory: offline).Resolve(parameters.Template, parameters.FaceMask, templateBrain);
            var template = Load(set);

            Func<Volume3D, CancellationToken, Mask3D>? provider = null;
            string source;
            if (!string.IsNullOrEmpty(parameters.BrainMask))
            {
                var path = parameters.BrainMask!;
                provider = (volume, ct) => BuiltInMethods.ReadMaskOnGrid(path, volume);
                source = "BrainMask parameter";
            }
            else if (GetBool(parameters, "SkullStrip", true))
            {
                provider = (volume, ct) => BrainExtractor.Compute(volume, null, ct);
                source = "skull-strip";
            }
            else
            {
                source = "template only";
            }
            var method = new FaceMaskMethod(template, provider) { SubjectBrainSource = source };
            var margin = GetString(parameters, "BrainMarginMm");
            if (margin != null)
            {
                if (!double.TryParse(margin, NumberStyles.Float, CultureInfo.InvariantCulture, out var mm) || mm < 0 || mm > 50)
                {
                    throw new ArgumentException($"BrainMarginMm must be a number of mm between 0 and 50, got '{margin}'.");
                }
                method.BrainMarginMm = mm;
            }
            return method;
        }

        private static FaceMaskTemplate Load(TemplateSet set)
        {
            string key = Key(set.TemplatePath) + "|" + Key(set.FaceMaskPath) + "|" + (set.BrainMaskPath == null ? "" : Key(set.BrainMaskPath));
            var lazy = s_templates.GetOrAdd(key, _ => new Lazy<FaceMaskTemplate>(() => FaceMaskTemplate.Load(set)));
            try
            {
                return lazy.Value;
            }
            catch
            {
                // Do not remember a failure (the user may fix the file).
                s_templates.TryRemove(key, out _);
                throw;
            }
        }

        private static string Key(string path)
        {
            var info = new FileInfo(path);
            return info.FullName + "@" + info.Length.ToString(CultureInfo.InvariantCulture) + "@" + info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
        }

        private static string? GetString(DefaceMethodParameters p, string key) =>
            p.Extra.TryGetValue(key, out var v) && v != null ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

        private static bool GetBool(DefaceMethodParameters p, string key, bool fallback)
        {
            if (!p.Extra.TryGetValue(key, out var v) || v == null)
            {
                return fallback;
            }
            if (v is bool b)
            {
                return b;
            }
            if (bool.TryParse(Convert.ToString(v, CultureInfo.InvariantCulture), out var parsed))
            {
                return parsed;
            }
            throw new ArgumentException($"{key} must be true or false, got '{v}'.");
        }
    }
}
