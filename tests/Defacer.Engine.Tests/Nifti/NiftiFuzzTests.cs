using System;
using System.IO;
using System.IO.Compression;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Nifti
{
    /// <summary>
    /// Deterministic fuzzing (fixed seed): random byte changes in the header and extension area, random truncations,
    /// compressed and not. A read either succeeds or throws <see cref="NiftiException"/>; nothing else, and never a big
    /// allocation.
    /// </summary>
    public sealed class NiftiFuzzTests
    {
        private static byte[] Sample()
        {
            var image = NiftiImage.Create(NiftiDataType.Int16, Affine.FromScaleAndOffset(2, 2, 2, 0, 0, 0), 6, 5, 4);
            image.Extensions.Add(new NiftiExtension(6, new byte[24]));
            var values = new float[120];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = i * 3 - 100;
            }
            image.SetVolumeFromFloat(0, values);
            using var ms = new MemoryStream();
            NiftiWriter.Write(image, ms, gzip: false);
            return ms.ToArray();
        }

        private static byte[] Gzip(byte[] b)
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(b, 0, b.Length);
            }
            return ms.ToArray();
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void MutatedFilesOnlyEverGiveNiftiExceptions(bool gzip)
        {
            var rng = new Random(20261126);
            var sample = Sample();
            int ok = 0, failed = 0;
            for (int trial = 0; trial < 1500; trial++)
            {
                var b = (byte[])sample.Clone();
                int changes = 1 + rng.Next(4);
                for (int c = 0; c < changes; c++)
                {
                    // Mostly the header and extensions, where the structure lives; sometimes anywhere.
                    int pos = rng.Next(4) == 0 ? rng.Next(b.Length) : rng.Next(Math.Min(b.Length, 420));
                    b[pos] = rng.Next(3) == 0 ? (byte)0xFF : (byte)rng.Next(256);
                }
                if (rng.Next(5) == 0)
                {
                    Array.Resize(ref b, rng.Next(b.Length));
                }
                var input = gzip ? Gzip(b) : b;
                if (gzip && rng.Next(6) == 0)
                {
                    input[10 + rng.Next(input.Length - 10)] ^= (byte)(1 + rng.Next(255));
                }
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    using var ms = new MemoryStream(input);
                    NiftiReader.Read(ms, $"trial {trial}", gzip);
                    ok++;
                }
                catch (NiftiException ex)
                {
                    Assert.Contains($"trial {trial}", ex.Message);
                    failed++;
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 8 << 20, $"trial {trial} allocated {allocated} bytes");
            }
            Assert.True(ok > 0 && failed > 0, $"{ok} read, {failed} refused: the fuzzer should produce both");
        }
    }
}
