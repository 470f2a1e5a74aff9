using System;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Registration
{
    public class TemplateSelfRegistrationTests
    {
        private readonly ITestOutputHelper _out;

        public TemplateSelfRegistrationTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public void RecoversAKnownAffineOfTheMniTemplate()
        {
            var mni = NiftiReader.Read(TestData.Template("MNI152_T1_2mm.nii.gz")).ToVolume();
            // The fixed image is the template seen through a known transform, on a 2.5 mm RAS grid of its own.
            var p = new double[AffineParameters.Count];
            p[0] = 9; p[1] = -6; p[2] = 12;
            p[3] = 12 * Math.PI / 180; p[4] = -5 * Math.PI / 180; p[5] = 7 * Math.PI / 180;
            p[6] = Math.Log(1.06); p[7] = Math.Log(0.97); p[8] = Math.Log(1.04);
            var truth = new AffineParameters(p).ToAffine(0, -18, 18);
            var grid = Affine.FromScaleAndOffset(2.5, 2.5, 2.5, -100, -130, -90);
            var fixedImage = Resampler.Resample(mni, 80, 96, 84, grid, truth, Interpolation.Linear);
            var result = new AffineRegistration().Register(fixedImage, mni);
            double err = SyntheticBlobs.MaxCornerError(truth, result.FixedToMoving);
            _out.WriteLine($"{result.Parameters}; corner error {err:0.00} mm; {string.Join("; ", result.Stages)}");
            Assert.True(err < 2.0, $"corner error {err:0.00} mm");
        }
    }
}
