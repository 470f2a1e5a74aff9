using System;
using System.Collections.Generic;

namespace Defacer.Engine.Segmentation
{
    /// <summary>A unit sphere triangulated by subdividing an icosahedron: nearly uniform vertices, each with 5 or 6 neighbours.</summary>
    internal sealed class IcoSphere
    {
        private IcoSphere(List<double[]> vertices, List<int[]> triangles)
        {
            Vertices = vertices.ToArray();
            Triangles = triangles.ToArray();
            var sets = new List<HashSet<int>>();
            var faces = new List<List<int>>();
            for (int i = 0; i < Vertices.Length; i++)
            {
                sets.Add(new HashSet<int>());
                faces.Add(new List<int>());
            }
            for (int t = 0; t < Triangles.Length; t++)
            {
                var tri = Triangles[t];
                for (int e = 0; e < 3; e++)
                {
                    sets[tri[e]].Add(tri[(e + 1) % 3]);
                    sets[tri[e]].Add(tri[(e + 2) % 3]);
                    faces[tri[e]].Add(t);
                }
            }
            Neighbours = new int[Vertices.Length][];
            VertexTriangles = new int[Vertices.Length][];
            for (int i = 0; i < Vertices.Length; i++)
            {
                var n = new List<int>(sets[i]);
                n.Sort();
                Neighbours[i] = n.ToArray();
                VertexTriangles[i] = faces[i].ToArray();
            }
        }

        /// <summary>Unit vectors.</summary>
        public double[][] Vertices { get; }

        /// <summary>Vertex indices, counter-clockwise seen from outside (normals point outwards).</summary>
        public int[][] Triangles { get; }

        public int[][] Neighbours { get; }

        public int[][] VertexTriangles { get; }

        public static IcoSphere Create(int subdivisions)
        {
            double t = (1 + Math.Sqrt(5)) / 2;
            var v = new List<double[]>();
            void Add(double x, double y, double z)
            {
                double n = Math.Sqrt(x * x + y * y + z * z);
                v.Add(new[] { x / n, y / n, z / n });
            }
            Add(-1, t, 0); Add(1, t, 0); Add(-1, -t, 0); Add(1, -t, 0);
            Add(0, -1, t); Add(0, 1, t); Add(0, -1, -t); Add(0, 1, -t);
            Add(t, 0, -1); Add(t, 0, 1); Add(-t, 0, -1); Add(-t, 0, 1);
            var f = new List<int[]>
            {
                new[] { 0, 11, 5 }, new[] { 0, 5, 1 }, new[] { 0, 1, 7 }, new[] { 0, 7, 10 }, new[] { 0, 10, 11 },
                new[] { 1, 5, 9 }, new[] { 5, 11, 4 }, new[] { 11, 10, 2 }, new[] { 10, 7, 6 }, new[] { 7, 1, 8 },
                new[] { 3, 9, 4 }, new[] { 3, 4, 2 }, new[] { 3, 2, 6 }, new[] { 3, 6, 8 }, new[] { 3, 8, 9 },
                new[] { 4, 9, 5 }, new[] { 2, 4, 11 }, new[] { 6, 2, 10 }, new[] { 8, 6, 7 }, new[] { 9, 8, 1 },
            };
            for (int s = 0; s < subdivisions; s++)
            {
                var cache = new Dictionary<long, int>();
                int Mid(int a, int b)
                {
                    long key = a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
                    if (cache.TryGetValue(key, out int m))
                    {
                        return m;
                    }
                    Add(v[a][0] + v[b][0], v[a][1] + v[b][1], v[a][2] + v[b][2]);
                    cache[key] = v.Count - 1;
                    return v.Count - 1;
                }
                var next = new List<int[]>(f.Count * 4);
                foreach (var tri in f)
                {
                    int a = Mid(tri[0], tri[1]), b = Mid(tri[1], tri[2]), c = Mid(tri[2], tri[0]);
                    next.Add(new[] { tri[0], a, c });
                    next.Add(new[] { tri[1], b, a });
                    next.Add(new[] { tri[2], c, b });
                    next.Add(new[] { a, b, c });
                }
                f = next;
            }
            return new IcoSphere(v, f);
        }
    }
}
