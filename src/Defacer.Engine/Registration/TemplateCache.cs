using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Defacer.Engine.Registration
{
    /// <summary>
    /// Provides the template, face mask and brain mask for the FaceMask method:
    /// explicit paths (<c>-Template</c>/<c>-FaceMask</c>) win; otherwise the default set is taken from an offline
    /// folder (parameter or <see cref="OfflineDirectoryVariable"/>), else from the per-user cache, else downloaded
    /// into the cache on first use. Every cached, offline or downloaded default file is checked against its pinned
    /// SHA-256. Downloads go to a temporary file in the cache folder and are renamed into place only once the hash
    /// matches, so an interrupted or corrupted download never leaves a file that looks valid.
    /// </summary>
    public sealed class TemplateCache
    {
        /// <summary>Environment variable naming a folder that holds the default files (no network needed).</summary>
        public const string OfflineDirectoryVariable = "DEFACER_TEMPLATE_DIR";

        /// <summary>FSL's MNI152 T1 head at 2 mm (as in niivue-demo-images/register).</summary>
        public static readonly TemplateFile DefaultTemplate = new TemplateFile(
            "MNI152_T1_2mm.nii.gz",
            "https://raw.githubusercontent.com/niivue/niivue-demo-images/main/register/MNI152_T1_2mm.nii.gz",
            "7a0ff24be12e49eb866ccd3a2f5edb6ee8bc6a71ec5f1ecb53698d0a267c2040");

        /// <summary>mydeface's keep-mask for MNI152_T1_2mm (1 = keep, 0 = face).</summary>
        public static readonly TemplateFile DefaultFaceMask = new TemplateFile(
            "mydeface_mniMask.nii.gz",
            "https://raw.githubusercontent.com/neurolabusc/mydeface/master/mniMask.nii.gz",
            "085cbe3ae5026a105d8c02fce778c7af180b287599557519b5e7ef5545c3bb3c");

        /// <summary>FSL's MNI152 1 mm brain mask (same world as the template), used to protect the brain.</summary>
        public static readonly TemplateFile DefaultBrainMask = new TemplateFile(
            "MNI152_T1_1mm_brain_mask.nii.gz",
            "https://raw.githubusercontent.com/neurolabusc/allineate/master/benchmark/masks/MNI152_T1_1mm_brain_mask.nii.gz",
            "274b41c4cf787ada4ce683524301ee052d1ef64b208569c05ce7e9c00717404e");

        private readonly HttpClient? _http;

        /// <summary>Creates a cache over <paramref name="cacheDirectory"/> (default: <see cref="DefaultCacheDirectory"/>).</summary>
        /// <param name="cacheDirectory">Folder that holds downloaded files.</param>
        /// <param name="offlineDirectory">Folder holding the default files; overrides the environment variable.</param>
        /// <param name="httpClient">Client for downloads (default: a new one with a 2-minute timeout).</param>
        public TemplateCache(string? cacheDirectory = null, string? offlineDirectory = null, HttpClient? httpClient = null)
        {
            CacheDirectory = cacheDirectory ?? DefaultCacheDirectory();
            var fromEnv = Environment.GetEnvironmentVariable(OfflineDirectoryVariable);
            OfflineDirectory = !string.IsNullOrEmpty(offlineDirectory) ? offlineDirectory : (string.IsNullOrEmpty(fromEnv) ? null : fromEnv);
            _http = httpClient;
        }

        /// <summary>Where downloads are kept.</summary>
        public string CacheDirectory { get; }

        /// <summary>The offline folder in use, or null.</summary>
        public string? OfflineDirectory { get; }

        /// <summary>The default set as three pinned files (template, face mask, brain mask).</summary>
        public TemplateFile[] DefaultFiles { get; set; } = { DefaultTemplate, DefaultFaceMask, DefaultBrainMask };

        /// <summary>
        /// <c>$XDG_CACHE_HOME/defacer/templates</c> when XDG_CACHE_HOME is set, otherwise
        /// <c>LocalApplicationData/Defacer/templates</c> (e.g. %LOCALAPPDATA% on Windows, ~/.local/share on Linux).
        /// </summary>
        public static string DefaultCacheDirectory()
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg))
            {
                return Path.Combine(xdg, "defacer", "templates");
            }
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(local))
            {
                local = Path.Combine(Path.GetTempPath(), "defacer-" + Environment.UserName);
            }
            return Path.Combine(local, "Defacer", "templates");
        }

        /// <summary>
        /// The template set to use: explicit paths when given (template and face mask together; the brain mask
        /// optional), otherwise the default set from the offline folder, the cache or a download.
        /// </summary>
        public TemplateSet Resolve(string? templatePath, string? faceMaskPath, string? brainMaskPath = null, CancellationToken cancellationToken = default)
        {
            if (!string.IsNullOrEmpty(templatePath) || !string.IsNullOrEmpty(faceMaskPath))
            {
                if (string.IsNullOrEmpty(templatePath) || string.IsNullOrEmpty(faceMaskPath))
                {
                    throw new TemplateException(TemplateErrorKind.InvalidRequest, templatePath ?? faceMaskPath ?? "",
                        "A template and its face mask go together: give both -Template and -FaceMask, or neither to use the default pair.");
                }
                RequireFile(templatePath!, "template");
                RequireFile(faceMaskPath!, "face mask");
                if (!string.IsNullOrEmpty(brainMaskPath))
                {
                    RequireFile(brainMaskPath!, "brain mask");
                }
                return new TemplateSet(templatePath!, faceMaskPath!, string.IsNullOrEmpty(brainMaskPath) ? null : brainMaskPath);
            }
            var files = DefaultFiles;
            var paths = new string[files.Length];
            for (int i = 0; i < files.Length; i++)
            {
                paths[i] = GetFile(files[i], cancellationToken);
            }
            return new TemplateSet(paths[0], paths[1], paths.Length > 2 ? paths[2] : null);
        }

        /// <summary>A verified local copy of <paramref name="file"/>: offline folder, else cache, else download.</summary>
        public string GetFile(TemplateFile file, CancellationToken cancellationToken = default) =>
            GetFileAsync(file, cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult();

        /// <summary>Asynchronous form of <see cref="GetFile"/>.</summary>
        public async Task<string> GetFileAsync(TemplateFile file, CancellationToken cancellationToken = default)
        {
            if (OfflineDirectory != null)
            {
                if (!Directory.Exists(OfflineDirectory))
                {
                    throw new TemplateException(TemplateErrorKind.NotFound, OfflineDirectory,
                        $"The offline template folder '{OfflineDirectory}' does not exist.");
                }
                var offline = Path.Combine(OfflineDirectory, file.FileName);
                if (!File.Exists(offline))
                {
                    throw new TemplateException(TemplateErrorKind.NotFound, offline,
                        $"The offline template folder '{OfflineDirectory}' has no '{file.FileName}'.");
                }
                var actual = ComputeSha256(offline);
                if (actual != file.Sha256)
                {
                    // The user's own file: report, never delete.
                    throw new TemplateException(TemplateErrorKind.HashMismatch, offline,
                        $"'{offline}' has SHA-256 {actual}, not the pinned {file.Sha256}.");
                }
                return offline;
            }

            var cached = Path.Combine(CacheDirectory, file.FileName);
            if (File.Exists(cached))
            {
                if (ComputeSha256(cached) == file.Sha256)
                {
                    return cached;
                }
                // A cached file that no longer matches is ours and useless: replace it.
                File.Delete(cached);
            }
            Directory.CreateDirectory(CacheDirectory);
            await DownloadAsync(file, cached, cancellationToken).ConfigureAwait(false);
            return cached;
        }

        private async Task DownloadAsync(TemplateFile file, string destination, CancellationToken cancellationToken)
        {
            var temp = destination + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".part";
            var http = _http ?? SharedClient.Value;
            try
            {
                string actual;
                try
                {
                    using (var response = await http.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                    {
                        if (!response.IsSuccessStatusCode)
                        {
                            throw new TemplateException(TemplateErrorKind.DownloadFailed, file.Url,
                                $"Downloading '{file.FileName}' from '{file.Url}' failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
                        }
                        using (var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                        using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                        using (var sha = SHA256.Create())
                        {
                            var buffer = new byte[81920];
                            int n;
                            while ((n = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                            {
                                sha.TransformBlock(buffer, 0, n, null, 0);
                                await output.WriteAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
                            }
                            sha.TransformFinalBlock(buffer, 0, 0);
                            actual = ToHex(sha.Hash);
                        }
                    }
                }
                catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TemplateException(TemplateErrorKind.DownloadFailed, file.Url,
                        $"Downloading '{file.FileName}' from '{file.Url}' timed out.", ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new TemplateException(TemplateErrorKind.DownloadFailed, file.Url,
                        $"Downloading '{file.FileName}' from '{file.Url}' failed: {ex.Message}", ex);
                }
                if (actual != file.Sha256)
                {
                    throw new TemplateException(TemplateErrorKind.HashMismatch, file.Url,
                        $"The download of '{file.FileName}' from '{file.Url}' has SHA-256 {actual}, not the pinned {file.Sha256}; it was deleted.");
                }
                if (File.Exists(destination))
                {
                    // Another process finished first; its file was verified the same way.
                    File.Delete(temp);
                    return;
                }
                File.Move(temp, destination);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        private static readonly Lazy<HttpClient> SharedClient = new Lazy<HttpClient>(() => new HttpClient { Timeout = TimeSpan.FromMinutes(2) });

        /// <summary>Lower-case hexadecimal SHA-256 of a file.</summary>
        public static string ComputeSha256(string path)
        {
            using (var stream = File.OpenRead(path))
            using (var sha = SHA256.Create())
            {
                return ToHex(sha.ComputeHash(stream));
            }
        }

        private static string ToHex(byte[] hash)
        {
            var c = new char[hash.Length * 2];
            const string digits = "0123456789abcdef";
            for (int i = 0; i < hash.Length; i++)
            {
                c[2 * i] = digits[hash[i] >> 4];
                c[2 * i + 1] = digits[hash[i] & 15];
            }
            return new string(c);
        }

        private static void RequireFile(string path, string what)
        {
            if (!File.Exists(path))
            {
                throw new TemplateException(TemplateErrorKind.NotFound, path, $"The {what} file '{path}' does not exist.");
            }
        }
    }
}
