using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Safety;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>
    /// A test double of a defacing method: removes a fixed box of voxels (and reports a brain box), so pipeline tests
    /// know exactly which voxels must change. The real methods have their own tests.
    /// </summary>
    internal sealed class BoxMethod : IDefaceMethod
    {
        public BoxMethod(int x0, int x1, int y0, int y1, int z0, int z1)
        {
            Box = (x0, x1, y0, y1, z0, z1);
        }

        public (int X0, int X1, int Y0, int Y1, int Z0, int Z1) Box { get; }

        public string Name => "Box";

        public int Calls;

        public Action<CancellationToken>? OnCompute { get; set; }

        public DefaceMaskResult ComputeRemovalMask(Volume3D volume, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            OnCompute?.Invoke(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            var m = Mask3D.Like(volume);
            var brain = Mask3D.Like(volume);
            for (int z = 0; z < volume.Nz; z++)
                for (int y = 0; y < volume.Ny; y++)
                    for (int x = 0; x < volume.Nx; x++)
                    {
                        m[x, y, z] = x >= Box.X0 && x <= Box.X1 && y >= Box.Y0 && y <= Box.Y1 && z >= Box.Z0 && z <= Box.Z1;
                        brain[x, y, z] = !m[x, y, z] && z > volume.Nz / 2;
                    }
            return new DefaceMaskResult(m, brain, new Dictionary<string, object> { ["Box"] = "test" });
        }

        public bool Removes(int x, int y, int z) => x >= Box.X0 && x <= Box.X1 && y >= Box.Y0 && y <= Box.Y1 && z >= Box.Z0 && z <= Box.Z1;
    }

    /// <summary>Builders for small images and datasets on disk.</summary>
    internal static class PipelineTestKit
    {
        public const int Nx = 12, Ny = 14, Nz = 10;

        public static BoxMethod FrontBox() => new BoxMethod(2, 9, 10, 13, 0, 4);

        /// <summary>A small image with a head-like blob and low background noise, in the given datatype.</summary>
        public static NiftiImage MakeImage(NiftiDataType type, int nt = 1, double slope = 0, double inter = 0, int seed = 1)
        {
            var affine = Affine.FromScaleAndOffset(2, 2, 2.5, -12, -14, -12);
            var image = nt == 1 ? NiftiImage.Create(type, affine, Nx, Ny, Nz) : NiftiImage.Create(type, affine, Nx, Ny, Nz, nt);
            if (slope != 0)
            {
                image.Header.SclSlope = slope;
                image.Header.SclInter = inter;
            }
            var rng = new Random(seed);
            for (int t = 0; t < nt; t++)
            {
                var v = new float[Nx * Ny * Nz];
                for (int z = 0; z < Nz; z++)
                    for (int y = 0; y < Ny; y++)
                        for (int x = 0; x < Nx; x++)
                        {
                            double dx = (x - 5.5) / 5.0, dy = (y - 7.0) / 6.0, dz = (z - 4.5) / 4.5;
                            bool head = dx * dx + dy * dy + dz * dz < 1;
                            double value = (head ? 100 + 10 * t : 5) + rng.NextDouble() * 4;
                            v[x + Nx * (y + Ny * z)] = (float)(slope != 0 ? Math.Round((value - inter) / slope) * slope + inter : value);
                        }
                image.SetVolumeFromFloat(t, v);
            }
            return image;
        }

        /// <summary>A BIDS dataset with one subject and one T1w written from <paramref name="image"/>; returns the image path.</summary>
        public static string MakeDataset(string root, NiftiImage image, string sidecarJson = "{\n  \"RepetitionTime\": 2.3,\n  \"InstitutionName\": \"Somewhere\"\n}\n",
            string relative = "sub-01/anat/sub-01_T1w.nii.gz")
        {
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, "dataset_description.json"), "{\"Name\": \"t\", \"BIDSVersion\": \"1.10.0\"}\n");
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            NiftiWriter.Write(image, path);
            if (sidecarJson != null)
            {
                File.WriteAllText(DefaceMaskName.SidecarPathFor(path), sidecarJson);
            }
            return path;
        }

        public static DefacePipeline Pipeline(IDefaceMethod method, Action<DefaceOptions>? configure = null)
        {
            var o = new DefaceOptions { ModuleVersion = "9.9.9" };
            configure?.Invoke(o);
            return new DefacePipeline(method, o);
        }

        /// <summary>SHA-256 of every file under a folder (not following links into it), keyed by relative path.</summary>
        public static Dictionary<string, string> HashTree(string root)
        {
            return Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToDictionary(p => p.Substring(root.Length), p => PathSafety.IsDanglingSymlink(p) ? "dangling" : FileHashing.Sha256(p));
        }

        public static long CountDiffering(byte[] a, byte[] b)
        {
            long n = 0;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) n++;
            }
            return n;
        }
    }
}
