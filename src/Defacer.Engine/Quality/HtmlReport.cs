using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// A self-contained HTML page for a QC run: one row per image with its verdict, reasons, figures and thumbnails.
    /// CSS and JavaScript are inline and images are referenced by relative path, so the page opens from disk in any
    /// browser with no server and no network. A few lines of vanilla JavaScript sort by any column (click a header)
    /// and filter by verdict or text; clicking a thumbnail shows the full-size picture (and without JavaScript the
    /// link still opens it). On load, a self-check writes its result into <c>#selfcheck</c> (rows rendered, pictures
    /// that failed to load), which tests read back from a headless browser. The output is deterministic: nothing
    /// depends on the clock unless <see cref="Generated"/> is set.
    /// </summary>
    public sealed class HtmlReport
    {
        public HtmlReport(string title)
        {
            Title = title ?? throw new ArgumentNullException(nameof(title));
        }

        public string Title { get; }

        /// <summary>Shown under the title when set (the caller decides, so tests stay deterministic).</summary>
        public DateTimeOffset? Generated { get; set; }

        /// <summary>Free text under the title (e.g. the dataset path and thresholds).</summary>
        public string? Description { get; set; }

        public IList<HtmlReportRow> Rows { get; } = new List<HtmlReportRow>();

        /// <summary>Writes the page to <paramref name="path"/> (UTF-8, temporary file then rename).</summary>
        public void Save(string path)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(dir);
            var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                File.WriteAllText(temp, ToHtml(), new UTF8Encoding(false));
                if (File.Exists(full))
                {
                    File.Replace(temp, full, null);
                }
                else
                {
                    File.Move(temp, full);
                }
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        /// <summary>The page as a string.</summary>
        public string ToHtml()
        {
            var figureColumns = new List<string>();
            foreach (var row in Rows)
            {
                foreach (var f in row.Figures)
                {
                    if (!figureColumns.Contains(f.Name))
                    {
                        figureColumns.Add(f.Name);
                    }
                }
            }
            int pass = Rows.Count(r => r.Verdict == QualityVerdict.Pass);
            int warn = Rows.Count(r => r.Verdict == QualityVerdict.Warn);
            int fail = Rows.Count(r => r.Verdict == QualityVerdict.Fail);

            var sb = new StringBuilder();
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            sb.Append("<title>").Append(E(Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
            sb.Append("<h1>").Append(E(Title)).Append("</h1>\n");
            if (Generated.HasValue)
            {
                sb.Append("<p class=\"meta\">Generated ").Append(E(Generated.Value.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))).Append("</p>\n");
            }
            if (!string.IsNullOrEmpty(Description))
            {
                sb.Append("<p class=\"meta\">").Append(E(Description!)).Append("</p>\n");
            }
            sb.Append("<p class=\"summary\">").Append(Rows.Count).Append(" image").Append(Rows.Count == 1 ? "" : "s").Append(": ");
            sb.Append("<span class=\"v Pass\">").Append(pass).Append(" Pass</span> ");
            sb.Append("<span class=\"v Warn\">").Append(warn).Append(" Warn</span> ");
            sb.Append("<span class=\"v Fail\">").Append(fail).Append(" Fail</span></p>\n");
            sb.Append("<div class=\"controls\"><label>Verdict <select id=\"verdict\"><option value=\"\">All</option>");
            sb.Append("<option>Pass</option><option>Warn</option><option>Fail</option></select></label> ");
            sb.Append("<label>Filter <input id=\"filter\" type=\"search\" placeholder=\"text in any column\"></label> ");
            sb.Append("<span id=\"shown\"></span></div>\n");

            sb.Append("<table id=\"report\" data-expected-rows=\"").Append(Rows.Count).Append("\">\n<thead><tr>");
            sb.Append("<th data-type=\"text\">Image</th><th data-type=\"verdict\">Verdict</th><th data-type=\"text\">Reasons</th>");
            foreach (var c in figureColumns)
            {
                sb.Append("<th data-type=\"number\">").Append(E(c)).Append("</th>");
            }
            sb.Append("<th class=\"nosort\">Pictures</th></tr></thead>\n<tbody>\n");
            foreach (var row in Rows)
            {
                sb.Append("<tr class=\"row\" data-verdict=\"").Append(row.Verdict).Append("\">");
                sb.Append("<td class=\"image\">").Append(E(row.Image)).Append("</td>");
                sb.Append("<td data-sort=\"").Append((int)row.Verdict).Append("\"><span class=\"v ").Append(row.Verdict).Append("\">").Append(row.Verdict).Append("</span></td>");
                sb.Append("<td class=\"reasons\">");
                if (row.Reasons.Count > 0)
                {
                    sb.Append("<ul>");
                    foreach (var reason in row.Reasons)
                    {
                        sb.Append("<li>").Append(E(reason)).Append("</li>");
                    }
                    sb.Append("</ul>");
                }
                sb.Append("</td>");
                foreach (var c in figureColumns)
                {
                    var f = row.Figures.FirstOrDefault(x => x.Name == c);
                    double? v = f?.Value;
                    bool has = v.HasValue && !double.IsNaN(v.Value) && !double.IsInfinity(v.Value);
                    sb.Append("<td class=\"num\" data-sort=\"").Append(has ? v!.Value.ToString("R", CultureInfo.InvariantCulture) : "").Append("\">");
                    sb.Append(f == null ? "" : E(f.Text).Replace("\n", "<br>")).Append("</td>");   // multi-line figures (e.g. measures)
                }
                sb.Append("<td class=\"pics\">");
                foreach (var p in row.Pictures)
                {
                    string href = RelativeUrl(p.Path), src = RelativeUrl(p.ThumbnailPath ?? p.Path);
                    sb.Append("<figure><a href=\"").Append(href).Append("\" class=\"full\" target=\"_blank\">");
                    sb.Append("<img src=\"").Append(src).Append("\" alt=\"").Append(E(p.Caption)).Append("\" loading=\"lazy\"></a>");
                    sb.Append("<figcaption>").Append(E(p.Caption)).Append("</figcaption></figure>");
                }
                sb.Append("</td></tr>\n");
            }
            sb.Append("</tbody>\n</table>\n");
            sb.Append("<div id=\"lightbox\" hidden><img alt=\"\"><p></p></div>\n");
            sb.Append("<p id=\"selfcheck\" data-status=\"pending\" hidden></p>\n");
            sb.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
            return sb.ToString();
        }

        /// <summary>A relative path as a URL: forward slashes, each segment percent-encoded.</summary>
        public static string RelativeUrl(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return "";
            }
            if (Path.IsPathRooted(path))
            {
                throw new ArgumentException($"Report pictures must be relative to the report's folder, got '{path}'.", nameof(path));
            }
            var segments = path.Replace('\\', '/').Split('/');
            return string.Join("/", segments.Select(s => s == ".." || s == "." ? s : Uri.EscapeDataString(s)));
        }

        private static string E(string s) => WebUtility.HtmlEncode(s);

        private const string Css = @"body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 1.2em; color: #222; background: #fafafa; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
.meta { color: #666; margin: .2em 0; }
.summary { margin: .6em 0; }
.controls { margin: .6em 0 1em; display: flex; gap: 1.2em; align-items: center; flex-wrap: wrap; }
.controls input { width: 18em; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #ddd; padding: .35em .5em; vertical-align: top; text-align: left; }
th { background: #eee; cursor: pointer; user-select: none; white-space: nowrap; position: sticky; top: 0; }
th.nosort { cursor: default; }
th.asc::after { content: ' \25B2'; } th.desc::after { content: ' \25BC'; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.image { font-family: ui-monospace, monospace; font-size: .9em; word-break: break-all; min-width: 12em; max-width: 22em; }
td.reasons { min-width: 14em; }
td.reasons ul { margin: 0; padding-left: 1.1em; }
.v { display: inline-block; padding: .1em .5em; border-radius: .8em; font-weight: 600; color: #fff; }
.v.Pass { background: #2e7d32; } .v.Warn { background: #ef8f00; } .v.Fail { background: #c62828; }
td.pics { min-width: 30em; max-width: 46em; }
td.measures { font-size: .85em; white-space: nowrap; }
figure { display: inline-block; margin: 0 .4em .2em 0; text-align: center; }
figure img { height: 84px; max-width: 240px; object-fit: contain; background: #000; border: 1px solid #ccc; }
figcaption { font-size: .75em; color: #555; }
#lightbox { position: fixed; inset: 0; background: rgba(0,0,0,.85); display: flex; flex-direction: column; align-items: center; justify-content: center; cursor: zoom-out; }
#lightbox[hidden] { display: none; }
#lightbox img { max-width: 95vw; max-height: 88vh; image-rendering: auto; }
#lightbox p { color: #eee; }
";

        private const string Script = @"(function () {
  'use strict';
  var table = document.getElementById('report');
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var verdict = document.getElementById('verdict');
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');

  function applyFilter() {
    var v = verdict.value, q = filter.value.toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var ok = (!v || r.getAttribute('data-verdict') === v) && (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = n + ' of ' + rows.length + ' shown';
  }

  function key(cell, type) {
    var s = cell.getAttribute('data-sort');
    if (type === 'number' || type === 'verdict') { return s === null || s === '' ? null : parseFloat(s); }
    return cell.textContent.toLowerCase();
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    if (th.classList.contains('nosort')) { return; }
    th.addEventListener('click', function () {
      var type = th.getAttribute('data-type'), asc = !th.classList.contains('asc');
      Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.classList.remove('asc', 'desc'); });
      th.classList.add(asc ? 'asc' : 'desc');
      rows.sort(function (a, b) {
        var x = key(a.cells[col], type), y = key(b.cells[col], type);
        if (x === null && y === null) { return 0; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        var c = x < y ? -1 : x > y ? 1 : 0;
        return asc ? c : -c;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });

  var box = document.getElementById('lightbox');
  Array.prototype.forEach.call(document.querySelectorAll('a.full'), function (a) {
    a.addEventListener('click', function (e) {
      e.preventDefault();
      box.querySelector('img').src = a.getAttribute('href');
      box.querySelector('p').textContent = a.parentNode.querySelector('figcaption').textContent;
      box.hidden = false;
    });
  });
  box.addEventListener('click', function () { box.hidden = true; });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') { box.hidden = true; } });

  verdict.addEventListener('change', applyFilter);
  filter.addEventListener('input', applyFilter);
  applyFilter();

  window.addEventListener('load', function () {
    var check = document.getElementById('selfcheck');
    var expected = parseInt(table.getAttribute('data-expected-rows'), 10);
    var broken = Array.prototype.filter.call(document.querySelectorAll('td.pics img'), function (img) {
      return img.complete && img.naturalWidth === 0;
    }).length;
    var ok = tbody.rows.length === expected && broken === 0;
    check.setAttribute('data-rows', String(tbody.rows.length));
    check.setAttribute('data-broken-images', String(broken));
    check.setAttribute('data-status', ok ? 'ok' : 'error');
    check.textContent = ok ? 'self-check ok' : 'self-check failed: ' + tbody.rows.length + '/' + expected + ' rows, ' + broken + ' broken images';
    if (!ok) { console.error(check.textContent); }
    // '#selftest' exercises sorting and filtering and records the outcome, for browser tests.
    if (location.hash === '#selftest') {
      var numeric = table.querySelector('th[data-type=number]');
      if (numeric) {
        numeric.click(); numeric.click(); // descending
        check.setAttribute('data-sorted-desc', rows.map(function (r) { return r.cells[numeric.cellIndex].getAttribute('data-sort'); }).join(','));
      }
      verdict.value = 'Fail';
      applyFilter();
      check.setAttribute('data-fail-shown', String(rows.filter(function (r) { return !r.hidden; }).length));
      verdict.value = '';
      filter.value = rows.length ? rows[0].cells[0].textContent : '';
      applyFilter();
      check.setAttribute('data-text-shown', String(rows.filter(function (r) { return !r.hidden; }).length));
      filter.value = '';
      applyFilter();
    }
  });
})();
";
    }
}
