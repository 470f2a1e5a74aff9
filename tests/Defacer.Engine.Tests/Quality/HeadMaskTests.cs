using Defacer.Engine.Quality;
using Defacer.Engine.Tests.Rendering;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Quality
{
    public class HeadMaskTests
    {
        [Fact]
        public void Build_KeepsTheHeadFillsCavitiesAndDropsSpecks()
        {
            // A shell (skull) with a dark interior, plus a detached bright speck in the air.
            var v = SyntheticVolumes.Sample("RAS", 60, 60, 60, 1.0, (x, y, z) =>
            {
                double r = System.Math.Sqrt(x * x + y * y + z * z);
                if (r < 20 && r > 15) return 100;
                if (System.Math.Abs(x - 26) < 2 && System.Math.Abs(y - 26) < 2 && System.Math.Abs(z - 26) < 2) return 100;
                return 0;
            });
            var m = HeadMask.Build(v, 50);
            Assert.True(m[30, 30, 30], "the enclosed dark interior is filled");
            Assert.False(m[56, 56, 56], "the detached speck is dropped");
            // Volume of a 20 mm-radius ball (voxel-counting tolerance).
            Assert.InRange(m.Count(), 0.95 * 33510, 1.05 * 33510);
        }
    }
}
