using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// The last few skull strips of this process, keyed by a SHA-256 of everything the strip depends on (fine grid,
    /// affine, options, every voxel of the working-grid volume it reads). The strip is a pure function of those, so a hit returns exactly the masks a new
    /// computation would. It pays in <c>Invoke-Deface | Test-DefaceQuality</c>: the quality check strips the backed-up
    /// original, whose voxels are the ones the defacing method stripped a moment before (about 0.8 s per 1 mm head).
    /// Every caller gets its own copy of the brain mask, so no caller can change another's. Two entries at most
    /// (an 11.5 MB mask each for a 1 mm head), so a long run does not accumulate memory.
    /// </summary>
    public static class BrainMaskMemo
    {
        private const int Capacity = 2;

        private sealed class Entry
        {
            public string Key = "";
            public Mask3D Brain = null!;
            public Func<Mask3D> Head = null!;
            public double Threshold, DarkLevel, TissueLevel;
            public bool SkullStripped;
        }

        private static readonly LinkedList<Entry> s_entries = new LinkedList<Entry>();
        private static readonly object s_lock = new object();

        /// <summary>Number of lookups answered from the memo since the process started (for tests and benchmarks).</summary>
        public static long Hits { get; private set; }

        /// <summary>
        /// The key of a strip of a canonical image of <paramref name="nx"/> x <paramref name="ny"/> x <paramref name="nz"/>
        /// voxels at <paramref name="affine"/>, whose working-grid volume is <paramref name="work"/>, with <paramref name="options"/>.
        /// </summary>
        public static string KeyOf(int nx, int ny, int nz, Affine affine, Volume3D work, BrainMaskOptions options)
        {
            using (var sha = SHA256.Create())
            {
                var header = new List<byte>();
                void Add(double v) => header.AddRange(BitConverter.GetBytes(v));
                Add(nx); Add(ny); Add(nz);
                Add(work.Nx); Add(work.Ny); Add(work.Nz);
                for (int r = 0; r < 4; r++)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        Add(affine[r, c]);
                        Add(work.Affine[r, c]);
                    }
                }
                Add(options.WorkingVoxelMm); Add(options.FractionalThreshold); Add(options.Iterations);
                Add(options.InitialRadiusMm); Add(options.MinimumScalpDepthMm);
                var h = header.ToArray();
                sha.TransformBlock(h, 0, h.Length, null, 0);
                // The voxels, 1 MB at a time through one buffer (no copy of the whole volume as bytes).
                var data = work.Data;
                var buffer = new byte[1 << 20];
                int perChunk = buffer.Length / sizeof(float);
                for (int i = 0; i < data.Length; i += perChunk)
                {
                    int n = Math.Min(perChunk, data.Length - i);
                    Buffer.BlockCopy(data, i * sizeof(float), buffer, 0, n * sizeof(float));
                    sha.TransformBlock(buffer, 0, n * sizeof(float), null, 0);
                }
                sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return Convert.ToBase64String(sha.Hash!);
            }
        }

        /// <summary>A copy of the remembered result for <paramref name="key"/>, or null.</summary>
        public static BrainMaskResult? Find(string key)
        {
            lock (s_lock)
            {
                for (var node = s_entries.First; node != null; node = node.Next)
                {
                    if (node.Value.Key == key)
                    {
                        var e = node.Value;
                        s_entries.Remove(node);
                        s_entries.AddFirst(node);
                        Hits++;
                        return new BrainMaskResult(e.Brain.Clone(), e.Head, e.Threshold, e.DarkLevel, e.TissueLevel) { SkullStripped = e.SkullStripped };
                    }
                }
            }
            return null;
        }

        /// <summary>Remembers <paramref name="result"/> (its brain mask copied) under <paramref name="key"/>.</summary>
        public static void Add(string key, BrainMaskResult result, Func<Mask3D> head)
        {
            var entry = new Entry
            {
                Key = key, Brain = result.Brain.Clone(), Head = head, Threshold = result.Threshold, DarkLevel = result.DarkLevel,
                TissueLevel = result.TissueLevel, SkullStripped = result.SkullStripped,
            };
            lock (s_lock)
            {
                s_entries.AddFirst(entry);
                while (s_entries.Count > Capacity)
                {
                    s_entries.RemoveLast();
                }
            }
        }

        /// <summary>Forgets everything (tests).</summary>
        public static void Clear()
        {
            lock (s_lock)
            {
                s_entries.Clear();
            }
        }
    }
}
