using System.Collections.Generic;
using System.Linq;
using Defacer.Engine.Bids;
using Xunit;

namespace Defacer.Engine.Tests.Bids
{
    public class BidsEntitiesTests
    {
        private static BidsEntities E(params string[] kv)
            => new BidsEntities(kv.Select(s => s.Split('-')).Select(a => new KeyValuePair<string, string>(a[0], a[1])));

        [Fact]
        public void KeepsBidsOrderWhateverTheInputOrder()
        {
            var e = E("run-1", "sub-01", "acq-fast", "ses-2", "zzz-1");
            Assert.Equal("sub-01_ses-2_acq-fast_run-1_zzz-1", e.ToString());
            Assert.Equal("1", e["run"]);
            Assert.Null(e.Get("echo"));
        }

        [Fact]
        public void WithInsertsInOrderAndBuildsADefacemaskName()
        {
            var image = E("sub-01", "ses-1", "acq-fast", "run-1");
            var mask = image.With("mod", "T2w");
            Assert.Equal("sub-01_ses-1_acq-fast_run-1_mod-T2w_defacemask.nii.gz", mask.ToFileName("defacemask", ".nii.gz"));
            Assert.Equal("sub-01_ses-1_acq-fast", image.Without("run").ToString());
            Assert.Equal("sub-01_ses-1_acq-fast_run-1", image.ToString());   // immutable
        }

        [Fact]
        public void SubsetNeedsEqualValuesAndPartialPlusLabelsDoNotMatch()
        {
            var image = E("sub-01", "acq-6p+s2", "run-1");
            Assert.True(E("sub-01").IsSubsetOf(image));
            Assert.True(BidsEntities.Empty.IsSubsetOf(image));
            Assert.False(E("acq-6p").IsSubsetOf(image));
            Assert.False(E("sub-01", "echo-1").IsSubsetOf(image));
        }

        [Fact]
        public void IndexesKeepSpellingButParseAsNumbers()
        {
            var e = E("sub-01", "run-01", "echo-x");
            Assert.Equal("01", e.Run);
            Assert.Equal(1, e.GetIndex("run"));
            Assert.Null(e.GetIndex("echo"));
            Assert.Equal(E("run-01", "sub-01"), E("sub-01", "run-01"));
            Assert.NotEqual(E("sub-01", "run-1"), E("sub-01", "run-01"));
        }

        [Fact]
        public void NaturalOrderSortsNumbersByValue()
        {
            var names = new[] { "sub-10", "sub-9", "sub-01", "sub-1", "sub-a" }.OrderBy(x => x, BidsNaturalComparer.Instance);
            Assert.Equal(new[] { "sub-01", "sub-1", "sub-9", "sub-10", "sub-a" }, names);
        }
    }
}
