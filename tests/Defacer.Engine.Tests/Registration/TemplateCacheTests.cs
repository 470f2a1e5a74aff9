using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Defacer.Engine.Registration;
using Xunit;

namespace Defacer.Engine.Tests.Registration
{
    public class TemplateCacheTests
    {
        /// <summary>Serves files of data/templates on 127.0.0.1 (404 for anything else) and counts requests.</summary>
        private sealed class LocalServer : IDisposable
        {
            private readonly HttpListener _listener = new HttpListener();
            private readonly Task _loop;

            public LocalServer()
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                BaseUrl = $"http://127.0.0.1:{port}/";
                _listener.Prefixes.Add(BaseUrl);
                _listener.Start();
                _loop = Task.Run(Serve);
            }

            public string BaseUrl { get; }

            public int Requests;

            private async Task Serve()
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try
                    {
                        ctx = await _listener.GetContextAsync();
                    }
                    catch (Exception)
                    {
                        return;
                    }
                    Interlocked.Increment(ref Requests);
                    var name = Path.GetFileName(ctx.Request.Url!.AbsolutePath);
                    var path = Path.Combine(TestData.Templates, name);
                    if (File.Exists(path))
                    {
                        var bytes = File.ReadAllBytes(path);
                        ctx.Response.ContentLength64 = bytes.Length;
                        await ctx.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length);
                    }
                    else
                    {
                        ctx.Response.StatusCode = 404;
                    }
                    ctx.Response.Close();
                }
            }

            public void Dispose()
            {
                _listener.Stop();
                _listener.Close();
            }
        }

        private static TemplateFile[] LocalDefaults(LocalServer server) => new[]
        {
            TemplateCache.DefaultTemplate.WithUrl(server.BaseUrl + "MNI152_T1_2mm.nii.gz"),
            TemplateCache.DefaultFaceMask.WithUrl(server.BaseUrl + "mydeface_mniMask.nii.gz"),
            TemplateCache.DefaultBrainMask.WithUrl(server.BaseUrl + "MNI152_T1_1mm_brain_mask.nii.gz"),
        };

        [Fact]
        public void PinnedHashesMatchTheSharedChecksums()
        {
            var sums = File.ReadAllLines(Path.Combine(TestData.SharedRoot, "data", "SHA256SUMS"))
                .Select(l => l.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p.Length == 2)
                .ToDictionary(p => Path.GetFileName(p[1]), p => p[0]);
            Assert.Equal(sums["MNI152_T1_2mm.nii.gz"], TemplateCache.DefaultTemplate.Sha256);
            Assert.Equal(sums["mydeface_mniMask.nii.gz"], TemplateCache.DefaultFaceMask.Sha256);
            Assert.Equal(sums["MNI152_T1_1mm_brain_mask.nii.gz"], TemplateCache.DefaultBrainMask.Sha256);
        }

        [Fact]
        public void DownloadsOnFirstUseVerifiesAndReusesTheCache()
        {
            var dir = TestData.NewTempDir("defacer-tcache");
            using var server = new LocalServer();
            var cache = new TemplateCache(dir, offlineDirectory: null) { DefaultFiles = LocalDefaults(server) };
            Assert.True(cache.OfflineDirectory == null, "DEFACER_TEMPLATE_DIR is set in the environment; this test exercises the download path.");
            var set = cache.Resolve(null, null);
            Assert.Equal(Path.Combine(dir, "MNI152_T1_2mm.nii.gz"), set.TemplatePath);
            Assert.Equal(TemplateCache.DefaultTemplate.Sha256, TemplateCache.ComputeSha256(set.TemplatePath));
            Assert.Equal(TemplateCache.DefaultFaceMask.Sha256, TemplateCache.ComputeSha256(set.FaceMaskPath));
            Assert.NotNull(set.BrainMaskPath);
            Assert.Equal(3, server.Requests);
            Assert.Empty(Directory.GetFiles(dir, "*.part"));

            // Second use: served from the cache, no request.
            var again = cache.Resolve(null, null);
            Assert.Equal(set.TemplatePath, again.TemplatePath);
            Assert.Equal(3, server.Requests);

            // A corrupted cached file is detected and fetched again.
            File.WriteAllText(set.FaceMaskPath, "garbage");
            cache.Resolve(null, null);
            Assert.Equal(4, server.Requests);
            Assert.Equal(TemplateCache.DefaultFaceMask.Sha256, TemplateCache.ComputeSha256(set.FaceMaskPath));
        }

        [Fact]
        public void WrongHashIsAClearErrorAndLeavesNoFile()
        {
            var dir = TestData.NewTempDir("defacer-tcache");
            using var server = new LocalServer();
            // Serve the niimath template under the MNI template's pinned hash.
            var file = TemplateCache.DefaultTemplate.WithUrl(server.BaseUrl + "niimath_avg152T1.nii.gz");
            var cache = new TemplateCache(dir);
            var ex = Assert.Throws<TemplateException>(() => cache.GetFile(file));
            Assert.Equal(TemplateErrorKind.HashMismatch, ex.Kind);
            Assert.Contains("SHA-256", ex.Message);
            Assert.Contains(TemplateCache.DefaultTemplate.Sha256, ex.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void HttpErrorIsADownloadFailure()
        {
            var dir = TestData.NewTempDir("defacer-tcache");
            using var server = new LocalServer();
            var file = TemplateCache.DefaultTemplate.WithUrl(server.BaseUrl + "no-such-file.nii.gz");
            var ex = Assert.Throws<TemplateException>(() => new TemplateCache(dir).GetFile(file));
            Assert.Equal(TemplateErrorKind.DownloadFailed, ex.Kind);
            Assert.Contains("404", ex.Message);
            Assert.Equal(file.Url, ex.Target);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void OfflineFolderIsUsedWithoutNetworkAndChecked()
        {
            var cacheDir = TestData.NewTempDir("defacer-tcache");
            // The shared templates folder holds the default files under their pinned names; the URLs point nowhere.
            var cache = new TemplateCache(cacheDir, offlineDirectory: TestData.Templates)
            {
                DefaultFiles = new[]
                {
                    TemplateCache.DefaultTemplate.WithUrl("http://127.0.0.1:9/unreachable"),
                    TemplateCache.DefaultFaceMask.WithUrl("http://127.0.0.1:9/unreachable"),
                },
            };
            var set = cache.Resolve(null, null);
            Assert.Equal(Path.Combine(TestData.Templates, "MNI152_T1_2mm.nii.gz"), set.TemplatePath);
            Assert.Null(set.BrainMaskPath);
            Assert.Empty(Directory.GetFiles(cacheDir));

            // A file with the right name and the wrong content is refused and left alone.
            var offline = TestData.NewTempDir("defacer-offline");
            File.Copy(TestData.Template("niimath_avg152T1.nii.gz"), Path.Combine(offline, "MNI152_T1_2mm.nii.gz"));
            var bad = new TemplateCache(cacheDir, offlineDirectory: offline);
            var ex = Assert.Throws<TemplateException>(() => bad.GetFile(TemplateCache.DefaultTemplate));
            Assert.Equal(TemplateErrorKind.HashMismatch, ex.Kind);
            Assert.True(File.Exists(Path.Combine(offline, "MNI152_T1_2mm.nii.gz")));
        }

        [Fact]
        public void ExplicitPathsWinAndMustComeInPairs()
        {
            var cache = new TemplateCache(TestData.NewTempDir("defacer-tcache"));
            var t = TestData.Template("niimath_avg152T1.nii.gz");
            var m = TestData.Template("niimath_avg152T1mask.nii.gz");
            var set = cache.Resolve(t, m);
            Assert.Equal(t, set.TemplatePath);
            Assert.Equal(m, set.FaceMaskPath);
            Assert.Equal(TemplateErrorKind.InvalidRequest, Assert.Throws<TemplateException>(() => cache.Resolve(t, null)).Kind);
            var missing = Path.Combine(TestData.Templates, "nope.nii.gz");
            var ex = Assert.Throws<TemplateException>(() => cache.Resolve(missing, m));
            Assert.Equal(TemplateErrorKind.NotFound, ex.Kind);
            Assert.Equal(missing, ex.Target);
        }
    }
}
