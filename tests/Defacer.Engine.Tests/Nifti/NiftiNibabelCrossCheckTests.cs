using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Defacer.Engine.Nifti;
using Xunit;

namespace Defacer.Engine.Tests.Nifti
{
    /// <summary>nibabel's view of every test file, computed in one python run shared by all cases.</summary>
    public sealed class NibabelFixture
    {
        private readonly Lazy<Dictionary<string, JsonElement>> _described = new Lazy<Dictionary<string, JsonElement>>(
            () => NibabelReference.Describe(NiftiNibabelCrossCheckTests.AllFiles()));

        public JsonElement For(string path)
        {
            var all = _described.Value;
            Assert.True(all.ContainsKey(path), $"nibabel produced no description of {path}.");
            return all[path];
        }
    }

    /// <summary>
    /// Every shared head and template and every NIfTI file shipped with nibabel reads with the shape, datatype,
    /// affine, orientation and voxel values nibabel reads.
    /// </summary>
    public sealed class NiftiNibabelCrossCheckTests : IClassFixture<NibabelFixture>
    {
        private readonly NibabelFixture _nibabel;

        public NiftiNibabelCrossCheckTests(NibabelFixture nibabel)
        {
            _nibabel = nibabel;
        }

        public static IEnumerable<string> AllFiles()
        {
            var shared = Directory.GetFiles(TestData.Heads, "*.nii*")
                .Concat(Directory.GetFiles(TestData.Templates, "*.nii*"));
            var nib = Directory.GetFiles(NibabelReference.NibabelDataDir())
                .Where(f => f.EndsWith(".nii", StringComparison.Ordinal) || f.EndsWith(".nii.gz", StringComparison.Ordinal)
                    || (f.EndsWith(".hdr", StringComparison.Ordinal) && IsNiftiPairHeader(f)));
            return shared.Concat(nib).OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        /// <summary>Short names (heads/x, templates/x, nibabel/x) so test names stay readable.</summary>
        public static IEnumerable<object[]> Files() => AllFiles().Select(f => new object[] { ShortName(f) });

        private static string ShortName(string f) =>
            f.StartsWith(TestData.Heads, StringComparison.Ordinal) ? "heads/" + Path.GetFileName(f)
            : f.StartsWith(TestData.Templates, StringComparison.Ordinal) ? "templates/" + Path.GetFileName(f)
            : "nibabel/" + Path.GetFileName(f);

        private static string FullPath(string shortName)
        {
            var name = shortName.Substring(shortName.IndexOf('/') + 1);
            return shortName.StartsWith("heads/", StringComparison.Ordinal) ? Path.Combine(TestData.Heads, name)
                : shortName.StartsWith("templates/", StringComparison.Ordinal) ? Path.Combine(TestData.Templates, name)
                : Path.Combine(NibabelReference.NibabelDataDir(), name);
        }

        [Fact]
        public void CorpusIsComplete()
        {
            var files = AllFiles().ToList();
            Assert.True(files.Count(f => f.StartsWith(TestData.Heads, StringComparison.Ordinal)) >= 20, "expected the shared heads");
            Assert.True(files.Count(f => f.StartsWith(TestData.Templates, StringComparison.Ordinal)) >= 20, "expected the shared templates");
            Assert.Contains(files, f => f.EndsWith("example_nifti2.nii.gz", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("anatomical.nii", StringComparison.Ordinal));
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void ReadsLikeNibabel(string file)
        {
            var path = FullPath(file);
            var reference = _nibabel.For(path);
            if (reference.TryGetProperty("error", out var error))
            {
                Assert.Fail($"nibabel could not read {path}: {error.GetString()}");
            }
            bool hasData = reference.GetProperty("has_data").GetBoolean();
            NiftiHeader header;
            IList<NiftiExtension> extensions;
            NiftiImage? image = null;
            if (hasData)
            {
                image = NiftiReader.Read(path);
                header = image.Header;
                extensions = image.Extensions;
            }
            else
            {
                header = NiftiReader.ReadHeader(path, out extensions);
            }

            Assert.Equal(reference.GetProperty("version").GetInt32(), header.Version);
            Assert.Equal(reference.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(), header.Shape);
            Assert.Equal(reference.GetProperty("dtype").GetString(), NiftiDataTypes.Name(header.DataType));
            Assert.Equal(reference.GetProperty("orientation").GetString(), header.OrientationCode);
            Assert.Equal(reference.GetProperty("qform_code").GetInt32(), header.QformCode);
            Assert.Equal(reference.GetProperty("sform_code").GetInt32(), header.SformCode);
            // Descrip is a C string: what follows a NUL is not shown (nibabel keeps it; raw bytes stay in GetRawBytes()).
            Assert.Equal(reference.GetProperty("descrip").GetString()!.Split('\0')[0], header.Descrip);
            var zooms = reference.GetProperty("zooms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var vs = header.VoxelSize;
            AssertClose(zooms[0], vs.X, 1e-6, "zoom x");
            AssertClose(zooms[1], vs.Y, 1e-6, "zoom y");
            AssertClose(zooms[2], vs.Z, 1e-6, "zoom z");

            var affine = header.GetAffine();
            var refAffine = reference.GetProperty("affine").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    AssertClose(refAffine[r][c], affine[r, c], 1e-5, $"affine[{r},{c}]");
                }
            }

            var (hasScaling, slope, inter) = header.Scaling;
            AssertClose(reference.GetProperty("slope").GetDouble(), hasScaling ? slope : 1, 1e-12, "slope");
            AssertClose(reference.GetProperty("inter").GetDouble(), hasScaling ? inter : 0, 1e-12, "inter");

            var refExt = reference.GetProperty("extensions").EnumerateArray().Select(e => e.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToList();
            Assert.Equal(refExt.Select(e => e[0]), extensions.Select(e => e.Code));
            // nibabel re-serialises CIFTI XML (code 32) to size it; every other extension's on-disk size must match ours.
            for (int i = 0; i < refExt.Count; i++)
            {
                if (refExt[i][0] != 32)
                {
                    Assert.Equal(refExt[i][1], extensions[i].ESize);
                }
            }

            if (image != null)
            {
                CompareValues(image, reference);
            }
        }

        private static void CompareValues(NiftiImage image, JsonElement reference)
        {
            long n = reference.GetProperty("count").GetInt64();
            Assert.Equal(n, image.Header.TotalVoxelCount);
            long perVolume = image.Header.VoxelCount;
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            long nonzero = 0;
            var samples = reference.GetProperty("samples").EnumerateArray().ToList();
            var wanted = samples.ToLookup(s => s[0].GetInt64(), s => s[1]);
            var got = new Dictionary<long, float>();
            for (int t = 0; t < image.VolumeCount; t++)
            {
                var v = image.GetVolumeAsFloat(t);
                for (int i = 0; i < v.Length; i++)
                {
                    float x = v[i];
                    if (float.IsNaN(x))
                    {
                        nonzero++; // numpy's count_nonzero counts NaN
                        continue;
                    }
                    sum += x;
                    if (x < min) min = x;
                    if (x > max) max = x;
                    if (x != 0) nonzero++;
                }
                foreach (var group in wanted)
                {
                    long idx = group.Key;
                    if (idx >= t * perVolume && idx < (t + 1) * perVolume)
                    {
                        got[idx] = v[idx - t * perVolume];
                    }
                }
            }
            Assert.Equal(reference.GetProperty("nonzero").GetInt64(), nonzero);
            AssertCloseRel(reference.GetProperty("min").GetDouble(), min, 1e-6, "min");
            AssertCloseRel(reference.GetProperty("max").GetDouble(), max, 1e-6, "max");
            AssertCloseRel(reference.GetProperty("sum").GetDouble(), sum, 1e-6, "sum");
            foreach (var s in samples)
            {
                long idx = s[0].GetInt64();
                if (s[1].ValueKind == JsonValueKind.Null)
                {
                    Assert.True(float.IsNaN(got[idx]), $"voxel {idx} should be NaN");
                    continue;
                }
                AssertCloseRel(s[1].GetDouble(), got[idx], 1e-6, $"voxel {idx}");
            }
        }

        private static bool IsNiftiPairHeader(string path)
        {
            var b = File.ReadAllBytes(path);
            if (b.Length < 348)
            {
                return false;
            }
            // ni1 at 344 (NIfTI-1) or ni2 at 4 (NIfTI-2); Analyze headers have neither and are not NIfTI.
            return (b[344] == 'n' && b[345] == 'i' && b[346] == '1') || (b[4] == 'n' && b[5] == 'i' && b[6] == '2');
        }

        private static void AssertClose(double expected, double actual, double tolerance, string what)
        {
            Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)),
                $"{what}: expected {expected:R}, got {actual:R}");
        }

        private static void AssertCloseRel(double expected, double actual, double rel, string what)
        {
            double tol = rel * Math.Max(Math.Abs(expected), 1e-30) + 1e-30;
            Assert.True(Math.Abs(expected - actual) <= tol || Math.Abs(expected - actual) <= 1e-6,
                $"{what}: expected {expected:R}, got {actual:R}");
        }
    }
}
