using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Defacer.Engine.Tests.Nifti
{
    /// <summary>
    /// Runs Debian's nibabel (through /usr/bin/python3, not the pyenv python on PATH) as the reference reader and
    /// returns, per file, what nibabel sees: shape, dtype, affine, orientation, scaling and value statistics.
    /// A missing python3 or nibabel fails the calling test with a clear message: a skipped cross-check proves nothing.
    /// </summary>
    public static class NibabelReference
    {
        public const string Python = "/usr/bin/python3";

        /// <summary>Number of sampled voxels per file; indices are a fixed hash of k, so both sides pick the same ones.</summary>
        public const int SampleCount = 48;

        private const string Script = @"
import sys, json
import numpy as np
import nibabel as nib

def fin(v):
    v = float(v)
    return v if np.isfinite(v) else None

out = {}
for f in sys.argv[1:]:
    r = {}
    try:
        img = nib.load(f)
        if type(img).__name__.startswith('Cifti2'):
            img = nib.Nifti2Image.from_filename(f)
        hdr = img.header
        dt = img.get_data_dtype()
        r['version'] = 2 if isinstance(hdr, nib.Nifti2Header) else 1
        r['shape'] = [int(s) for s in img.shape]
        r['dtype'] = 'RGB' if dt.names else dt.name
        r['affine'] = [[float(x) for x in row] for row in img.affine]
        r['orientation'] = ''.join(c if c is not None else '?' for c in nib.aff2axcodes(img.affine))
        # The loaded image's header has its scaling reset to NaN; the array proxy holds what nibabel applies.
        r['slope'] = float(img.dataobj.slope)
        r['inter'] = float(img.dataobj.inter)
        r['zooms'] = [float(z) for z in hdr.get_zooms()[:3]]
        r['descrip'] = hdr['descrip'].item().decode('latin-1')
        r['qform_code'] = int(hdr['qform_code'])
        r['sform_code'] = int(hdr['sform_code'])
        r['extensions'] = [[int(e.get_code()), int(e.get_sizeondisk())] for e in hdr.extensions]
        has_data = True
        if f.endswith('.hdr'):
            import os
            has_data = os.path.exists(f[:-4] + '.img')
        r['has_data'] = has_data
        if has_data:
            if dt.names:
                raw = np.asanyarray(img.dataobj)
                data = (raw['R'].astype(np.float64) + raw['G'] + raw['B']) / 3.0
            else:
                data = img.get_fdata(dtype=np.float64)
            flat = data.ravel(order='F')
            n = flat.size
            r['count'] = int(n)
            r['sum'] = fin(np.nansum(flat))
            r['min'] = fin(np.nanmin(flat))
            r['max'] = fin(np.nanmax(flat))
            r['nonzero'] = int(np.count_nonzero(flat))
            idx = [(k * 2654435761 + 12345) % n for k in range(SAMPLES)]
            r['samples'] = [[int(i), fin(flat[i])] for i in idx]
    except Exception as e:
        r['error'] = type(e).__name__ + ': ' + str(e)
    out[f] = r
json.dump(out, sys.stdout)
";

        /// <summary>Flat (Fortran-order) indices of the sampled voxels of an image with <paramref name="n"/> voxels.</summary>
        public static long[] SampleIndices(long n) =>
            Enumerable.Range(0, SampleCount).Select(k => (long)(((ulong)k * 2654435761UL + 12345UL) % (ulong)n)).ToArray();

        /// <summary>The folder of NIfTI test files shipped with python3-nibabel.</summary>
        public static string NibabelDataDir()
        {
            var output = Run(new[] { "-c", "import os, nibabel.tests as t; print(os.path.join(os.path.dirname(t.__file__), 'data'))" });
            var dir = output.Trim();
            if (!Directory.Exists(dir))
            {
                throw new InvalidOperationException($"nibabel's test data folder '{dir}' does not exist; install python3-nibabel (apt-get install -y python3-nibabel).");
            }
            return dir;
        }

        /// <summary>nibabel's view of each file, keyed by the path as given.</summary>
        public static Dictionary<string, JsonElement> Describe(IEnumerable<string> files)
        {
            var list = files.ToList();
            var args = new List<string> { "-c", Script.Replace("SAMPLES", SampleCount.ToString()) };
            args.AddRange(list);
            var json = Run(args);
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        }

        private static string Run(IEnumerable<string> arguments)
        {
            if (!File.Exists(Python))
            {
                throw new InvalidOperationException($"{Python} is missing: the nibabel cross-check needs Debian's python3 with python3-nibabel (apt-get install -y python3-nibabel).");
            }
            var psi = new ProcessStartInfo(Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in arguments)
            {
                psi.ArgumentList.Add(a);
            }
            using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {Python}.");
            var stderrTask = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var stderr = stderrTask.Result;
            if (p.ExitCode != 0)
            {
                if (stderr.Contains("No module named 'nibabel'") || stderr.Contains("No module named nibabel"))
                {
                    throw new InvalidOperationException($"{Python} has no nibabel: install python3-nibabel (apt-get install -y python3-nibabel). {stderr}");
                }
                throw new InvalidOperationException($"{Python} failed (exit {p.ExitCode}): {stderr}");
            }
            return stdout;
        }
    }
}
