using System;
using System.IO;
using Defacer.Engine.Metadata;
using Xunit;

namespace Defacer.Engine.Tests.Metadata
{
    /// <summary>The private stores under sourcedata/defacer (date offsets, device pseudonyms) and their shared file format.</summary>
    public sealed class PrivateStoreTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("defacer-stores");

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void Stores_RoundTrip_AndStartEmptyWhenAbsent()
        {
            var shifts = DateShiftStore.Load(_dir);
            Assert.Empty(shifts.Offsets);
            shifts.Add("sub-02", -40000);
            shifts.Add("sub-01", -39000);
            shifts.SaveIfDirty();
            var devices = DevicePseudonyms.Load(_dir);
            Assert.Equal("device-01", devices.For("SN123"));
            devices.SaveIfDirty();

            var shifts2 = DateShiftStore.Load(_dir);
            Assert.Equal(-39000, shifts2.Offsets["sub-01"]);
            Assert.Equal(-40000, shifts2.Offsets["sub-02"]);
            Assert.False(shifts2.IsDirty);
            var devices2 = DevicePseudonyms.Load(_dir);
            Assert.Equal("device-01", devices2.For("SN123"));
            Assert.Equal("device-02", devices2.For("SN456"));
            Assert.Contains("never share", File.ReadAllText(Path.Combine(_dir, DateShiftStore.FileName)));
        }

        [Theory]
        [InlineData(DateShiftStore.FileName, "{\"OffsetDays\": {\"sub-01\": ", 1)]              // not JSON: the line of the problem
        [InlineData(DateShiftStore.FileName, "{\"OffsetDays\": {\"sub-01\": \"soon\"}}", 1)]  // an offset that is no number
        [InlineData(DevicePseudonyms.FileName, "{\"Pseudonyms\": {\"SN1\": null}}", 1)]      // a serial without pseudonym
        public void UnreadableStore_IsAFormatErrorNamingTheFile_NeverAnEmptyStore(string name, string text, int line)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, text);

            var ex = Assert.Throws<MetadataFormatException>(() =>
            {
                if (name == DateShiftStore.FileName) DateShiftStore.Load(_dir);
                else DevicePseudonyms.Load(_dir);
            });

            Assert.Equal(path, ex.Path);
            Assert.Equal(line, ex.Line);
            Assert.Contains("earlier runs", ex.Message);
        }
    }
}
