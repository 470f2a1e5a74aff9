using System;
using Defacer.Engine.Metadata;
using Xunit;

namespace Defacer.Engine.Tests.Metadata
{
    public sealed class DateShiftPlannerTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("defacer-shift");

        public void Dispose() => System.IO.Directory.Delete(_dir, true);

        [Theory]
        [InlineData(true, 1902)]
        [InlineData(false, 1800)]
        public void Offsets_PutEveryDateOfTheSubjectInsideTheWindow(bool meg, int floorYear)
        {
            for (int seed = 0; seed < 50; seed++)
            {
                var planner = new DateShiftPlanner(meg, seed);
                var earliest = new DateTime(2009, 4, 9);
                var latest = new DateTime(2014, 12, 31);
                planner.Observe("sub-01", latest);
                planner.Observe("sub-01", earliest);
                var store = DateShiftStore.Load(System.IO.Path.Combine(_dir, seed.ToString()));
                planner.AssignMissing(store, "sub-01");
                Assert.True(store.TryGet("sub-01", out var days));
                Assert.InRange(earliest.AddDays(days), new DateTime(floorYear, 1, 1), new DateTime(1925, 12, 31));
                Assert.InRange(latest.AddDays(days), new DateTime(floorYear, 1, 1), new DateTime(1925, 12, 31));
            }
        }

        [Fact]
        public void Seeded_IsReproducible_AndDiffersBetweenSubjects()
        {
            int Draw(string subject)
            {
                var planner = new DateShiftPlanner(true, 42);
                planner.Observe(subject, new DateTime(2010, 1, 1));
                var store = DateShiftStore.Load(System.IO.Path.Combine(_dir, Guid.NewGuid().ToString()));
                planner.AssignMissing(store, subject);
                store.TryGet(subject, out var d);
                return d;
            }
            Assert.Equal(Draw("sub-01"), Draw("sub-01"));
            Assert.NotEqual(Draw("sub-01"), Draw("sub-02"));
        }

        [Fact]
        public void StoredOffset_IsReused_AndSurvivesSaveAndLoad()
        {
            var store = DateShiftStore.Load(_dir);
            store.Add("sub-01", -40000);
            store.SaveIfDirty();
            var reloaded = DateShiftStore.Load(_dir);
            var planner = new DateShiftPlanner(false, 1);
            planner.Observe("sub-01", new DateTime(2020, 1, 1));
            planner.AssignMissing(reloaded, "sub-01");
            Assert.True(reloaded.TryGet("sub-01", out var days));
            Assert.Equal(-40000, days);
            Assert.False(reloaded.IsDirty);
        }

        [Fact]
        public void SpanWiderThanTheWindow_Throws()
        {
            var planner = new DateShiftPlanner(true, 1);
            planner.Observe("sub-01", new DateTime(1960, 1, 1));
            planner.Observe("sub-01", new DateTime(2020, 1, 1));
            var ex = Assert.Throws<InvalidOperationException>(() => planner.AssignMissing(DateShiftStore.Load(_dir), "sub-01"));
            Assert.Contains("-DropAcqTime", ex.Message);
        }
    }
}
