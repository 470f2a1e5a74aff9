using System;
using System.IO;
using System.Linq;
using Defacer.Engine.Nifti;
using Xunit;

namespace Defacer.Engine.Tests.Nifti
{
    /// <summary>
    /// bids-examples ships its NIfTI files as zero-byte placeholders or header-only files (352 bytes declaring full-size
    /// data). Every one must give its typed error, never another exception, and header-only files still show their header.
    /// </summary>
    public sealed class NiftiBidsExamplesTests
    {
        [Fact]
        public void EveryPlaceholderGivesItsTypedError()
        {
            var files = Directory.EnumerateFiles(TestData.BidsExamples, "*.nii*", SearchOption.AllDirectories).ToList();
            Assert.True(files.Count > 500, $"expected the bids-examples placeholders, found {files.Count}");
            int empty = 0, headerOnly = 0;
            foreach (var f in files)
            {
                var ex = Assert.Throws<NiftiException>(() => NiftiReader.Read(f));
                Assert.Equal(f, ex.FilePath);
                if (ex.Kind == NiftiErrorKind.EmptyFile)
                {
                    empty++;
                    Assert.Equal(0, new FileInfo(f).Length);
                }
                else
                {
                    Assert.Equal(NiftiErrorKind.HeaderOnly, ex.Kind);
                    headerOnly++;
                    var header = NiftiReader.ReadHeader(f);
                    Assert.True(header.DataByteCount > 0);
                }
            }
            Assert.True(empty > 0 && headerOnly > 0, $"{empty} empty, {headerOnly} header-only");
        }
    }
}
