using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Defacer.Engine.Quality;
using Defacer.Engine.Rendering;
using Defacer.Engine.Tests.Rendering;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Quality
{
    public class HtmlReportTests
    {
        private readonly ITestOutputHelper _out;

        public HtmlReportTests(ITestOutputHelper output)
        {
            _out = output;
        }

        // A report with three rows and real PNG renders under pictures/ (one name with a space and a '#').
        private static (string Dir, string Path, HtmlReport Report) MakeReport()
        {
            var dir = TestData.NewTempDir("report");
            var head = FacePhantom.Sample("LPS", FacePhantom.Head);
            var surface = new SurfaceRenderer(head);
            var slices = new SliceRenderer(head);
            var pics = Path.Combine(dir, "pictures");
            var front = surface.Render(SurfaceView.Front);
            front.Save(Path.Combine(pics, "sub 01#front.png"));
            front.Downscale(96).Save(Path.Combine(pics, "thumbs", "sub 01#front.png"));
            surface.Render(SurfaceView.ThreeQuarter).Save(Path.Combine(pics, "sub-01_threequarter.png"));
            slices.Orthogonal().Save(Path.Combine(pics, "sub-01_slices.png"));

            var report = new HtmlReport("Defacer QC <test> & report") { Description = "three synthetic rows" };
            var verdicts = new[] { QualityVerdict.Pass, QualityVerdict.Fail, QualityVerdict.Warn };
            var snr = new[] { 12.5, 30.25, double.NaN };
            for (int i = 0; i < 3; i++)
            {
                var row = new HtmlReportRow($"sub-0{i + 1}/anat/sub-0{i + 1}_T1w.nii.gz", verdicts[i]);
                row.Reasons.Add(verdicts[i] == QualityVerdict.Fail ? "brain voxels changed: 120 (0.01%)" : "face removed");
                row.Figures.Add(new HtmlReportFigure("SNR", snr[i]));
                row.Figures.Add(new HtmlReportFigure("Brain changed %", i * 0.5));
                row.Pictures.Add(new HtmlReportPicture("pictures/sub 01#front.png", "front", "pictures/thumbs/sub 01#front.png"));
                row.Pictures.Add(new HtmlReportPicture("pictures\\sub-01_threequarter.png", "three-quarter"));
                row.Pictures.Add(new HtmlReportPicture("pictures/sub-01_slices.png", "slices"));
                report.Rows.Add(row);
            }
            var path = Path.Combine(dir, "report.html");
            report.Save(path);
            return (dir, path, report);
        }

        [Fact]
        public void Html_IsSelfContainedEscapedAndDeterministic()
        {
            var (_, path, report) = MakeReport();
            var html = File.ReadAllText(path);
            Assert.Equal(html, report.ToHtml());
            Assert.Contains("Defacer QC &lt;test&gt; &amp; report", html);
            Assert.DoesNotContain("http://", html);
            Assert.DoesNotContain("https://", html);
            Assert.DoesNotContain("<link", html);
            Assert.DoesNotContain("<script src", html);
            Assert.Contains("src=\"pictures/thumbs/sub%2001%23front.png\"", html);
            Assert.Contains("href=\"pictures/sub%2001%23front.png\"", html);
            Assert.Contains("href=\"pictures/sub-01_threequarter.png\"", html);
            Assert.Equal(3, Regex.Matches(html, "<tr class=\"row\"").Count);
        }

        [Fact]
        public void AbsolutePicturePath_IsRejected()
        {
            var ex = Assert.Throws<ArgumentException>(() => HtmlReport.RelativeUrl("/tmp/x.png"));
            Assert.Contains("relative", ex.Message);
        }

        [Fact]
        public void Browser_ShowsEveryRow_SortsFilters_AndHasNoConsoleErrors()
        {
            var (dir, path, _) = MakeReport();
            var url = HeadlessChromium.FileUrl(path);

            var dom = HeadlessChromium.Run(url + "#selftest", "--virtual-time-budget=5000", "--dump-dom");
            Assert.True(dom.ExitCode == 0, dom.StdErr);
            var html = dom.StdOut;
            Assert.Equal(3, Regex.Matches(html, "<tr class=\"row\"").Count);
            foreach (var n in new[] { "sub-01", "sub-02", "sub-03" })
            {
                Assert.Contains($"{n}/anat/{n}_T1w.nii.gz", html);
            }
            var check = Regex.Match(html, "<p id=\"selfcheck\"[^>]*>");
            Assert.True(check.Success, "the self-check ran");
            _out.WriteLine(check.Value);
            Assert.Contains("data-status=\"ok\"", check.Value);
            Assert.Contains("data-rows=\"3\"", check.Value);
            Assert.Contains("data-broken-images=\"0\"", check.Value);
            // Descending SNR with the undefined value last; one Fail row; text filter matches one row.
            Assert.Contains("data-sorted-desc=\"30.25,12.5,\"", check.Value);
            Assert.Contains("data-fail-shown=\"1\"", check.Value);
            Assert.Contains("data-text-shown=\"1\"", check.Value);

            var log = HeadlessChromium.Run(url, "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0", "--dump-dom");
            var errors = log.StdErr.Split('\n').Where(l => l.Contains("Uncaught") || l.Contains("CONSOLE") && l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));

            var shot = Path.Combine(dir, "screenshot.png");
            var s = HeadlessChromium.Run(url, "--virtual-time-budget=5000", "--hide-scrollbars", "--screenshot=" + shot, "--window-size=1200,900");
            Assert.True(File.Exists(shot), "screenshot written: " + s.StdErr);
            var png = File.ReadAllBytes(shot);
            Assert.True(png.Length > 10_000, $"screenshot is {png.Length} bytes");
            _out.WriteLine("screenshot " + shot);
        }
    }
}
