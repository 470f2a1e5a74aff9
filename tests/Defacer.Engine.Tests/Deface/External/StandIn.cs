using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Defacer.Engine.Deface.External;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Deface.External
{
    /// <summary>
    /// A sandbox for one test: a folder of stand-in executables (bash scripts that check the exact argument contract,
    /// record their argv, and write the outputs a real tool would, through standin_helper.py), a test image, and
    /// options whose PATH holds nothing but the system folders, so no real tool on this machine can interfere.
    /// </summary>
    internal sealed class StandIn : IDisposable
    {
        /// <summary>Volume size of the test head; small so each stand-in run takes well under a second.</summary>
        public const int Nx = 20, Ny = 24, Nz = 22;

        /// <summary>The face box the stand-ins remove: x 0..19, y 15..23 (anterior), z 0..9 (inferior).</summary>
        public static readonly int[] FaceBox = { 0, 20, 15, 24, 0, 10 };

        public StandIn()
        {
            // Spaces and a quote in the path make every argument need correct quoting.
            Root = TestData.NewTempDir("defacer-ext");
            Bin = Directory.CreateDirectory(Path.Combine(Root, "bin")).FullName;
            TempRoot = Directory.CreateDirectory(Path.Combine(Root, "work area 'q'")).FullName;
            DataDir = Directory.CreateDirectory(Path.Combine(Root, "my data")).FullName;
            ArgvFile = Path.Combine(Root, "argv.txt");
            Helper = Path.Combine(TestData.RepoRoot, "tests", "Defacer.Engine.Tests", "Deface", "External", "standin_helper.py");
            if (!File.Exists(Helper))
            {
                throw new FileNotFoundException("The stand-in helper script is missing.", Helper);
            }
            Lines = new List<string>();
        }

        public string Root { get; }

        public string Bin { get; }

        public string TempRoot { get; }

        public string DataDir { get; }

        public string ArgvFile { get; }

        public string Helper { get; }

        /// <summary>Lines the method passed to OutputLine.</summary>
        public List<string> Lines { get; }

        /// <summary>The python helper invocation, for stand-in bodies.</summary>
        public string Py => "/usr/bin/python3 " + Sh(Helper);

        /// <summary>Single-quotes a string for bash.</summary>
        public static string Sh(string s) => "'" + s.Replace("'", "'\\''") + "'";

        /// <summary>The face box as helper arguments.</summary>
        public static string Box => string.Join(" ", FaceBox);

        /// <summary>
        /// Writes an executable bash script <paramref name="name"/> into <paramref name="folder"/> (default: Bin). The
        /// prelude records argv (one per line) and defines: fail, want_argc N, want I VALUE, want_input I (a copy in the
        /// work folder, never the original; the helper's ops then check it is a readable 3D NIfTI), want_work I NAME (= $PWD/NAME).
        /// </summary>
        public string AddTool(string name, string body, string? folder = null)
        {
            folder ??= Bin;
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            var script = $@"#!/bin/bash
printf '%s\n' ""$@"" > {Sh(ArgvFile)}
ARGV=(""$@"")
fail() {{ echo ""contract: $*"" >&2; exit 2; }}
want_argc() {{ [ $# -ge 1 ] && [ ""${{#ARGV[@]}}"" -eq ""$1"" ] || fail ""expected $1 arguments, got ${{#ARGV[@]}}: ${{ARGV[*]}}""; }}
want() {{ [ ""${{ARGV[$1]}}"" = ""$2"" ] || fail ""argument $1 is '${{ARGV[$1]}}', expected '$2'""; }}
want_work() {{ [ ""${{ARGV[$1]}}"" = ""$PWD/$2"" ] || fail ""argument $1 is '${{ARGV[$1]}}', expected '$PWD/$2'""; }}
want_input() {{
  case ""${{ARGV[$1]}}"" in ""$PWD""/input.nii.gz|""$PWD""/input.nii) ;; *) fail ""argument $1 '${{ARGV[$1]}}' is not the copy in the work folder $PWD"";; esac
  case ""$PWD"" in {Sh(TempRoot)}/defacer-*) ;; *) fail ""work folder $PWD is not under the temp root"";; esac
  [ -f ""${{ARGV[$1]}}"" ] || fail ""input ${{ARGV[$1]}} does not exist""
}}
{body}
";
            File.WriteAllText(path, script.Replace("\r\n", "\n"));
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("The stand-in tools are bash scripts; these tests run on Linux and macOS.");
            }
            else
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            return path;
        }

        /// <summary>The argv the last stand-in run received.</summary>
        public string[] Argv() => File.ReadAllLines(ArgvFile);

        /// <summary>
        /// Options for a run: tools searched in Bin, PATH limited to system folders, FREESURFER_HOME/FSLDIR/AFNI_HOME
        /// unset unless <paramref name="env"/> sets them, work folders under TempRoot, short timeout.
        /// </summary>
        public ExternalToolOptions Options(IDictionary<string, string?>? env = null, bool toolPath = true)
        {
            var overrides = new Dictionary<string, string?>
            {
                ["PATH"] = "/usr/bin:/bin",
                ["FREESURFER_HOME"] = null,
                ["FSLDIR"] = null,
                ["AFNI_HOME"] = null,
                ["FSLOUTPUTTYPE"] = null,
            };
            if (env != null)
            {
                foreach (var kv in env)
                {
                    overrides[kv.Key] = kv.Value;
                }
            }
            return new ExternalToolOptions
            {
                ToolPath = toolPath ? Bin : null,
                EnvironmentOverrides = overrides,
                TempRoot = TempRoot,
                Timeout = TimeSpan.FromSeconds(60),
                OutputLine = line => { lock (Lines) { Lines.Add(line); } },
            };
        }

        /// <summary>A deterministic test head: an ellipsoid of values 100..400 in an oblique, anisotropic LAS-like grid.</summary>
        public static Volume3D Head()
        {
            var affine = Affine.FromRowMajor(new double[]
            {
                -1.2, 0.05, 0, 12,
                0, 1.0, 0.1, -14,
                0, -0.08, 1.5, -16,
                0, 0, 0, 1,
            });
            var v = new Volume3D(Nx, Ny, Nz, affine);
            for (int z = 0; z < Nz; z++)
            {
                for (int y = 0; y < Ny; y++)
                {
                    for (int x = 0; x < Nx; x++)
                    {
                        double dx = (x - 9.5) / 9.0, dy = (y - 11.5) / 11.5, dz = (z - 10.5) / 10.0;
                        if (dx * dx + dy * dy + dz * dz <= 1.0)
                        {
                            v[x, y, z] = 100 + ((x * 7 + y * 13 + z * 29) % 300);
                        }
                    }
                }
            }
            return v;
        }

        /// <summary>Writes the head as int16 .nii.gz in DataDir and returns its path.</summary>
        public string WriteHead(string fileName = "sub-01_T1w.nii.gz", Volume3D? head = null)
        {
            head ??= Head();
            var image = NiftiImage.Create(NiftiDataType.Int16, head.Affine, head.Nx, head.Ny, head.Nz);
            image.SetVolumeFromFloat(0, head.Data);
            var path = Path.Combine(DataDir, fileName);
            NiftiWriter.Write(image, path);
            return path;
        }

        /// <summary>
        /// The removal a stand-in that clears <see cref="FaceBox"/> implies: the box's non-zero voxels (zeroing tools), or
        /// the whole box (<paramref name="includeZeros"/>: tools whose face mask is read, which covers background too).
        /// </summary>
        public static Mask3D ExpectedRemoval(Volume3D head, int[]? box = null, bool includeZeros = false)
        {
            box ??= FaceBox;
            var m = Mask3D.Like(head);
            for (int z = box[4]; z < box[5]; z++)
            {
                for (int y = box[2]; y < box[3]; y++)
                {
                    for (int x = box[0]; x < box[1]; x++)
                    {
                        if (includeZeros || head[x, y, z] != 0)
                        {
                            m[x, y, z] = true;
                        }
                    }
                }
            }
            return m;
        }

        public static string Sha256(string path)
        {
            using var s = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(s));
        }

        /// <summary>True when no work folder is left under TempRoot.</summary>
        public bool WorkFoldersCleaned => !Directory.EnumerateFileSystemEntries(TempRoot).Any();

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, true);
            }
            catch (IOException)
            {
            }
        }
    }
}
