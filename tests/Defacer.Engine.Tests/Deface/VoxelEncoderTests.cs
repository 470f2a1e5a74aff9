using System;
using Defacer.Engine.Deface;
using Xunit;

namespace Defacer.Engine.Tests.Deface
{
    public class VoxelEncoderTests
    {
        [Theory]
        [InlineData(2, 0, 0, 300.0, 255.0)]      // uint8 clamps
        [InlineData(2, 0, 0, -4.0, 0.0)]
        [InlineData(256, 0, 0, -200.0, -128.0)]  // int8
        [InlineData(4, 0, 0, 2.5, 3.0)]          // int16 rounds half away from zero
        [InlineData(4, 0, 0, -2.5, -3.0)]
        [InlineData(4, 2.0, 10.0, 0.0, -5.0)]    // scaled: (0 - 10) / 2
        [InlineData(512, 0, 0, 70000.0, 65535.0)]
        [InlineData(16, 0, 0, 0.1, 0.1)]         // floats are not rounded
        public void ToStored_InverseScalesRoundsAndClamps(int type, double slope, double inter, double physical, double stored)
        {
            var e = new VoxelEncoder(type, false, slope != 0, slope, inter);
            Assert.Equal(stored, e.ToStored(physical), 6);
        }

        [Fact]
        public void Write_TouchesOnlyItsVoxel_InFileByteOrder()
        {
            var data = new byte[8];
            for (int i = 0; i < data.Length; i++) data[i] = 0xAA;
            new VoxelEncoder(4, bigEndian: true, false, 1, 0).Write(data, 1, 0x0102);
            Assert.Equal(new byte[] { 0xAA, 0xAA, 0x01, 0x02, 0xAA, 0xAA, 0xAA, 0xAA }, data);
            new VoxelEncoder(4, bigEndian: false, false, 1, 0).Write(data, 3, 0x0102);
            Assert.Equal(new byte[] { 0xAA, 0xAA, 0x01, 0x02, 0xAA, 0xAA, 0x02, 0x01 }, data);
            var f = new byte[8];
            new VoxelEncoder(64, false, false, 1, 0).Write(f, 0, 1.5);
            Assert.Equal(1.5, BitConverter.ToDouble(f, 0));
        }

        [Theory]
        [InlineData(128)] // RGB24
        [InlineData(32)]  // complex64
        [InlineData(1)]   // binary
        public void NonScalarTypes_NotSupported(int type)
        {
            Assert.False(VoxelEncoder.Supports(type));
            Assert.Throws<NotSupportedException>(() => new VoxelEncoder(type, false, false, 1, 0));
        }
    }
}
