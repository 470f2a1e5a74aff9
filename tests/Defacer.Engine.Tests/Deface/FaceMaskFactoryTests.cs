using System;
using Defacer.Engine.Deface;
using Defacer.Engine.Registration;
using Xunit;

namespace Defacer.Engine.Tests.Deface
{
    public class FaceMaskFactoryTests
    {
        [Fact]
        public void RegistryBuildsFaceMaskFromParameters()
        {
            Assert.Contains("FaceMask", DefaceMethodRegistry.Default.Names);
            var p = new DefaceMethodParameters
            {
                Template = TestData.Template("niimath_avg152T1.nii.gz"),
                FaceMask = TestData.Template("niimath_avg152T1mask.nii.gz"),
            };
            p.Extra["TemplateBrainMask"] = TestData.Template("avg152T1_brain_mask.nii.gz");
            p.Extra["BrainMarginMm"] = "6";
            p.Extra["SkullStrip"] = false;
            var method = Assert.IsType<FaceMaskMethod>(DefaceMethodRegistry.Default.Create("facemask", p));
            Assert.Equal("FaceMask", method.Name);
            Assert.Equal(6, method.BrainMarginMm);
            Assert.Equal("niimath_avg152T1.nii.gz", method.Template.Name);
            Assert.NotNull(method.Template.BrainMask);
            Assert.Equal(FaceMaskConvention.KeepIsOne, method.Template.Convention);
        }

        [Fact]
        public void DefaultPairComesFromTheOfflineFolder()
        {
            var p = new DefaceMethodParameters();
            p.Extra["TemplateDirectory"] = TestData.Templates;
            var method = Assert.IsType<FaceMaskMethod>(FaceMaskFactory.Create(p));
            Assert.Equal("MNI152_T1_2mm.nii.gz", method.Template.Name);
            Assert.Equal("skull-strip", method.SubjectBrainSource);
        }

        [Fact]
        public void BadParametersAreClearErrors()
        {
            var half = new DefaceMethodParameters { Template = TestData.Template("niimath_avg152T1.nii.gz") };
            Assert.Equal(TemplateErrorKind.InvalidRequest, Assert.Throws<TemplateException>(() => FaceMaskFactory.Create(half)).Kind);

            var margin = new DefaceMethodParameters
            {
                Template = TestData.Template("niimath_avg152T1.nii.gz"),
                FaceMask = TestData.Template("niimath_avg152T1mask.nii.gz"),
            };
            margin.Extra["BrainMarginMm"] = "lots";
            Assert.Contains("BrainMarginMm", Assert.Throws<ArgumentException>(() => FaceMaskFactory.Create(margin)).Message);
        }
    }
}
