using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Volumes
{
    public class AffineTests
    {
        [Fact]
        public void Inverse_TimesOriginal_IsIdentity()
        {
            var a = Affine.FromRowMajor(new double[] { 0, 0, -2, 90, 1.5, 0, 0, -126, 0, 3, 0.2, -72, 0, 0, 0, 1 });
            Assert.True(a.Multiply(a.Inverse()).ApproximatelyEquals(Affine.Identity, 1e-9));
        }

        [Fact]
        public void Apply_UsesTranslationAndColumns()
        {
            var a = Affine.FromScaleAndOffset(2, 3, 4, 10, 20, 30);
            var p = a.Apply(1, 1, 1);
            Assert.Equal((12.0, 23.0, 34.0), p);
            Assert.Equal(3.0, a.ColumnNorm(1), 12);
        }

        [Fact]
        public void Inverse_OfSingular_Throws()
        {
            var a = Affine.FromRowMajor(new double[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 });
            Assert.Throws<System.InvalidOperationException>(() => a.Inverse());
        }
    }
}
