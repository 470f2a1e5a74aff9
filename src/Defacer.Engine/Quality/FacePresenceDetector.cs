using System;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// Says whether a face is still present in an image, without the original (an audit before sharing a dataset).
    /// <para>
    /// Method. A head mask is built, then landmarks that defacing never removes are found: the vertex (top of the
    /// head), the forehead plane (the most anterior tissue 15-40% of a head length below the vertex), the midline,
    /// and the cranium's anterior-posterior length L, which sets the scale: regions are specified for a 200 mm head
    /// and scaled by L/200, so children and brain-only images are measured in their own proportions. The head's
    /// anterior profile is then read in world millimetres: for every 2 mm level below the vertex and every 2 mm
    /// column across, the most anterior head tissue. Each feature has columns and a band of levels; its
    /// <em>protrusion</em> is, over the band, the best level (nose, mouth, chin) or the lower quartile of levels (eyes,
    /// which must be followed by cheeks below them) of the median over its columns of that anterior extent, relative
    /// to the forehead plane. A feature is present when its protrusion reaches the feature's threshold and head
    /// tissue fills a minimum of its region. Typical full faces: nose +20 to +30 mm, eyes/cheeks -15 to 0 mm, lips and
    /// chin -5 to +15 mm; a face cut off by a plane behind the forehead stays below -10 mm everywhere; brain-only
    /// images recede by 60 mm or more below the frontal lobe.
    /// </para>
    /// <para>
    /// Regions mostly outside the image are reported as <see cref="FeatureState.OutsideFieldOfView"/>. Storage order,
    /// voxel size and grid obliquity do not matter (all in world mm); a strongly pitched head shifts the features
    /// vertically by up to about 20 mm, which the bands tolerate, but not much more.
    /// </para>
    /// </summary>
    public static class FacePresenceDetector
    {
        private const double Bin = 2.0;

        private sealed class Template
        {
            public FaceFeature Feature;
            // Levels below the vertex (mm) and lateral offsets from the midline (mm) read for the protrusion profile.
            public double BandMin, BandMax, LateralMin, LateralMax;
            public bool LowerQuartile;
            // Region for the filled fraction: levels below the vertex and anterior offsets from the forehead plane.
            public double BoxDepthMin, BoxDepthMax, BoxFrontMin, BoxFrontMax;
            public double RequiredProtrusion, RequiredFill;
        }

        private static readonly Template[] s_templates =
        {
            new Template
            {
                Feature = FaceFeature.Eyes, BandMin = 95, BandMax = 150, LateralMin = 14, LateralMax = 30, LowerQuartile = true,
                BoxDepthMin = 95, BoxDepthMax = 130, BoxFrontMin = -30, BoxFrontMax = 5, RequiredProtrusion = -18, RequiredFill = 0.15,
            },
            new Template
            {
                Feature = FaceFeature.Nose, BandMin = 95, BandMax = 165, LateralMin = 0, LateralMax = 8,
                BoxDepthMin = 110, BoxDepthMax = 160, BoxFrontMin = -10, BoxFrontMax = 30, RequiredProtrusion = 6, RequiredFill = 0.1,
            },
            new Template
            {
                Feature = FaceFeature.Mouth, BandMin = 145, BandMax = 195, LateralMin = 0, LateralMax = 20,
                BoxDepthMin = 145, BoxDepthMax = 195, BoxFrontMin = -25, BoxFrontMax = 15, RequiredProtrusion = -8, RequiredFill = 0.15,
            },
            new Template
            {
                Feature = FaceFeature.Chin, BandMin = 180, BandMax = 230, LateralMin = 0, LateralMax = 18,
                BoxDepthMin = 180, BoxDepthMax = 230, BoxFrontMin = -35, BoxFrontMax = 15, RequiredProtrusion = -12, RequiredFill = 0.15,
            },
        };

        /// <summary>
        /// Head tissue on the upper faces of the field of view above this area (mm²) means the top of the head is cut
        /// off. A tight field of view that grazes the vertex holds a disc of scalp: about 1,300 mm² when it passes 2 mm
        /// under the vertex of a 100 mm radius head, 3,000 mm² at 5 mm; 4,000 mm² is a cut about 6 mm or more down,
        /// where the feature bands, measured from the highest tissue, start to sit too low.
        /// </summary>
        public const double TopCutLimitMm2 = 4000;

        /// <summary>Minimum fraction of a region inside the image for a verdict other than <see cref="FeatureState.OutsideFieldOfView"/>.</summary>
        public const double MinimumCoverage = 0.5;

        /// <summary>
        /// Examines <paramref name="volume"/>; <paramref name="headMask"/> null builds one with <see cref="HeadMask.Build"/>.
        /// With <paramref name="reference"/> (the result on the original image, in the same world space), its landmarks
        /// (vertex, forehead plane, midline, length) are reused instead of re-measured: a deep cut can also take the
        /// lowest forehead levels away, and the question "which features remain" is best asked in the original's frame.
        /// </summary>
        /// <exception cref="ArgumentException">The head mask's grid differs from the volume's.</exception>
        public static FacePresenceResult Detect(Volume3D volume, Mask3D? headMask = null, FacePresenceResult? reference = null)
        {
            if (volume == null)
            {
                throw new ArgumentNullException(nameof(volume));
            }
            headMask ??= HeadMask.Build(volume);
            if (headMask.Nx != volume.Nx || headMask.Ny != volume.Ny || headMask.Nz != volume.Nz)
            {
                throw new ArgumentException($"Head mask grid {headMask.Nx}x{headMask.Ny}x{headMask.Nz} differs from the image grid {volume.Nx}x{volume.Ny}x{volume.Nz}.", nameof(headMask));
            }
            var grid = new WorldGrid(volume.Nx, volume.Ny, volume.Nz, volume.Affine);
            var head = headMask.Data;

            // One pass: per (level, column) bin of world z and x, the most anterior and most posterior head tissue,
            // and whether the image samples the bin at all.
            double x0 = grid.Min[0], z0 = grid.Min[2];
            int cols = (int)Math.Floor((grid.Max[0] - x0) / Bin) + 1;
            int levels = (int)Math.Floor((grid.Max[2] - z0) / Bin) + 1;
            var front = new float[levels * cols];
            var back = new float[levels * cols];
            var sampled = new bool[levels * cols];
            for (int b = 0; b < front.Length; b++)
            {
                front[b] = float.NegativeInfinity;
                back[b] = float.PositiveInfinity;
            }
            double vertex = double.MinValue;
            long headVoxels = 0;
            var a = volume.Affine;
            double ax = a[0, 0], ay = a[1, 0], az = a[2, 0];
            int idx = 0;
            for (int k = 0; k < volume.Nz; k++)
            {
                for (int j = 0; j < volume.Ny; j++)
                {
                    var w = a.Apply(0, j, k);
                    double x = w.X, y = w.Y, z = w.Z;
                    for (int i = 0; i < volume.Nx; i++, idx++, x += ax, y += ay, z += az)
                    {
                        int b = (int)((z - z0) / Bin) * cols + (int)((x - x0) / Bin);
                        sampled[b] = true;
                        if (head[idx] == 0)
                        {
                            continue;
                        }
                        headVoxels++;
                        if (z > vertex) vertex = z;
                        if (y > front[b]) front[b] = (float)y;
                        if (y < back[b]) back[b] = (float)y;
                    }
                }
            }
            if (headVoxels == 0)
            {
                return NoHead();
            }
            if (reference != null && reference.HeadLengthMm > 0)
            {
                vertex = reference.VertexZ;
            }
            int vertexLevel = Math.Min(levels - 1, (int)((vertex - z0) / Bin));
            // Depth (mm below the vertex) of a level's centre.
            Func<int, double> depthOf = l => vertex - (z0 + (l + 0.5) * Bin);

            // Scale: the cranium's length over the top 80 mm, then over the top 0.4 L.
            double length = CraniumLength(front, back, levels, cols, vertexLevel, depthOf, 80);
            length = CraniumLength(front, back, levels, cols, vertexLevel, depthOf, Math.Max(20, 0.4 * length));
            double s = length / 200.0;

            double forehead = double.NegativeInfinity;
            var mids = new List<double>();
            for (int l = vertexLevel; l >= 0; l--)
            {
                double depth = depthOf(l);
                if (depth < 0.15 * length || depth > 0.4 * length)
                {
                    continue;
                }
                int cMin = -1, cMax = -1;
                for (int c = 0; c < cols; c++)
                {
                    float f = front[l * cols + c];
                    if (float.IsNegativeInfinity(f)) continue;
                    forehead = Math.Max(forehead, f);
                    if (cMin < 0) cMin = c;
                    cMax = c;
                }
                if (cMin >= 0)
                {
                    mids.Add(x0 + (cMin + cMax + 1) * 0.5 * Bin);
                }
            }
            double midline;
            if (reference != null && reference.HeadLengthMm > 0)
            {
                length = reference.HeadLengthMm;
                s = length / 200.0;
                forehead = reference.ForeheadY;
                midline = reference.MidlineX;
            }
            else
            {
                if (double.IsNegativeInfinity(forehead) || mids.Count == 0)
                {
                    return NoHead();
                }
                mids.Sort();
                midline = mids[mids.Count / 2];
            }

            // Regions for the filled fractions, counted in one more pass.
            int n = s_templates.Length;
            var boxes = new (double XMin, double XMax, double YMin, double YMax, double ZMin, double ZMax)[n];
            var regionVoxels = new long[n];
            var regionHead = new long[n];
            for (int t = 0; t < n; t++)
            {
                var tp = s_templates[t];
                boxes[t] = (midline - tp.LateralMax * s, midline + tp.LateralMax * s, forehead + tp.BoxFrontMin * s, forehead + tp.BoxFrontMax * s,
                    vertex - tp.BoxDepthMax * s, vertex - tp.BoxDepthMin * s);
            }
            // Rows whose world segment misses every box (with a 1 mm margin, far above the rounding of the stepping)
            // are skipped whole; the others are stepped exactly as a full pass would.
            double bxLo = double.MaxValue, bxHi = double.MinValue, byLo = double.MaxValue, byHi = double.MinValue, bzLo = double.MaxValue, bzHi = double.MinValue;
            foreach (var bx in boxes)
            {
                bxLo = Math.Min(bxLo, bx.XMin); bxHi = Math.Max(bxHi, bx.XMax);
                byLo = Math.Min(byLo, bx.YMin); byHi = Math.Max(byHi, bx.YMax);
                bzLo = Math.Min(bzLo, bx.ZMin); bzHi = Math.Max(bzHi, bx.ZMax);
            }
            int last = volume.Nx - 1;
            for (int k = 0; k < volume.Nz; k++)
            {
                for (int j = 0; j < volume.Ny; j++)
                {
                    var w = a.Apply(0, j, k);
                    idx = volume.Nx * (j + volume.Ny * k);
                    double ex = w.X + last * ax, ey = w.Y + last * ay, ez = w.Z + last * az;
                    if (Math.Max(w.X, ex) < bxLo - 1 || Math.Min(w.X, ex) > bxHi + 1 || Math.Max(w.Y, ey) < byLo - 1 || Math.Min(w.Y, ey) > byHi + 1 ||
                        Math.Max(w.Z, ez) < bzLo - 1 || Math.Min(w.Z, ez) > bzHi + 1)
                    {
                        continue;
                    }
                    double x = w.X, y = w.Y, z = w.Z;
                    for (int i = 0; i < volume.Nx; i++, idx++, x += ax, y += ay, z += az)
                    {
                        for (int t = 0; t < n; t++)
                        {
                            var bx = boxes[t];
                            if (z < bx.ZMin || z > bx.ZMax || y < bx.YMin || y > bx.YMax || x < bx.XMin || x > bx.XMax)
                            {
                                continue;
                            }
                            if (Math.Abs(x - midline) < s_templates[t].LateralMin * s)
                            {
                                continue;
                            }
                            regionVoxels[t]++;
                            if (head[idx] != 0) regionHead[t]++;
                        }
                    }
                }
            }

            var evidence = new List<FaceFeatureEvidence>();
            for (int t = 0; t < n; t++)
            {
                var tp = s_templates[t];
                double protrusion = Protrusion(tp, front, sampled, levels, cols, vertexLevel, depthOf, x0, midline, forehead, s);
                double coverage = grid.Coverage(boxes[t], tp.LateralMin * s, midline);
                double filled = regionVoxels[t] > 0 ? (double)regionHead[t] / regionVoxels[t] : 0;
                double required = tp.RequiredProtrusion * s;
                FeatureState state;
                if (coverage < MinimumCoverage || regionVoxels[t] == 0)
                {
                    state = FeatureState.OutsideFieldOfView;
                }
                else
                {
                    state = protrusion >= required && filled >= tp.RequiredFill ? FeatureState.Present : FeatureState.Absent;
                }
                evidence.Add(new FaceFeatureEvidence(tp.Feature, state, protrusion, required, filled, tp.RequiredFill, regionHead[t], regionVoxels[t], coverage, boxes[t]));
            }
            return new FacePresenceResult(evidence, vertex, forehead, midline, length, headVoxels, TopCutArea(volume, head));
        }

        // The grid faces whose outward normal points up in world space (z component over 0.7: the top of an axial or
        // oblique slab, not the sides): per axis, whether its low and high face is one; and the mean world area of a
        // voxel's face on them.
        private static (bool[] Low, bool[] High, double Area) UpperFaces(Volume3D volume)
        {
            var a = volume.Affine;
            var low = new bool[3];
            var high = new bool[3];
            double area = 0;
            int faces = 0;
            var columns = new double[3][];
            for (int c = 0; c < 3; c++)
            {
                columns[c] = new[] { a[0, c], a[1, c], a[2, c] };
            }
            for (int c = 0; c < 3; c++)
            {
                var v = columns[c];
                double norm = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
                if (norm == 0)
                {
                    continue;
                }
                double up = v[2] / norm;
                high[c] = up > 0.7;
                low[c] = up < -0.7;
                if (high[c] || low[c])
                {
                    var p = columns[(c + 1) % 3];
                    var q = columns[(c + 2) % 3];
                    double cx = p[1] * q[2] - p[2] * q[1], cy = p[2] * q[0] - p[0] * q[2], cz = p[0] * q[1] - p[1] * q[0];
                    area += Math.Sqrt(cx * cx + cy * cy + cz * cz);
                    faces++;
                }
            }
            return (low, high, faces == 0 ? 0 : area / faces);
        }

        // Head tissue (mm²) on the upward faces of the grid, each voxel once (a voxel on an edge where two such faces
        // meet is counted on the first). Only the faces are read, not the volume.
        private static double TopCutArea(Volume3D volume, byte[] head)
        {
            var (low, high, area) = UpperFaces(volume);
            int[] n = { volume.Nx, volume.Ny, volume.Nz };
            var faces = new List<(int Axis, int Index)>();
            for (int axis = 0; axis < 3; axis++)
            {
                if (low[axis]) faces.Add((axis, 0));
                if (high[axis]) faces.Add((axis, n[axis] - 1));
            }
            long count = 0;
            var p = new int[3];
            for (int f = 0; f < faces.Count; f++)
            {
                var (axis, index) = faces[f];
                int ua = (axis + 1) % 3, va = (axis + 2) % 3;
                p[axis] = index;
                for (int v = 0; v < n[va]; v++)
                {
                    p[va] = v;
                    for (int u = 0; u < n[ua]; u++)
                    {
                        p[ua] = u;
                        if (head[p[0] + n[0] * (p[1] + n[1] * p[2])] == 0)
                        {
                            continue;
                        }
                        bool counted = false;
                        for (int e = 0; e < f && !counted; e++)
                        {
                            counted = p[faces[e].Axis] == faces[e].Index;
                        }
                        if (!counted)
                        {
                            count++;
                        }
                    }
                }
            }
            return count * area;
        }

        private static FacePresenceResult NoHead()
        {
            var list = new List<FaceFeatureEvidence>();
            foreach (var t in s_templates)
            {
                list.Add(new FaceFeatureEvidence(t.Feature, FeatureState.Absent, double.NegativeInfinity, t.RequiredProtrusion, 0, t.RequiredFill, 0, 0, 0, default));
            }
            return new FacePresenceResult(list, double.NaN, double.NaN, double.NaN, 0, 0);
        }

        // Largest anterior-posterior extent of the head over levels down to maxDepth mm below the vertex.
        private static double CraniumLength(float[] front, float[] back, int levels, int cols, int vertexLevel, Func<int, double> depthOf, double maxDepth)
        {
            double best = 0;
            for (int l = vertexLevel; l >= 0 && depthOf(l) <= maxDepth; l--)
            {
                double f = double.NegativeInfinity, b = double.PositiveInfinity;
                for (int c = 0; c < cols; c++)
                {
                    f = Math.Max(f, front[l * cols + c]);
                    b = Math.Min(b, back[l * cols + c]);
                }
                if (f > b)
                {
                    best = Math.Max(best, f - b);
                }
            }
            return Math.Max(best, 1);
        }

        // Per level of the band: median over the feature's sampled columns of (most anterior tissue - forehead),
        // with no tissue counting as minus infinity; then the best level, or the lower quartile of levels.
        private static double Protrusion(Template t, float[] front, bool[] sampled, int levels, int cols, int vertexLevel, Func<int, double> depthOf,
            double x0, double midline, double forehead, double s)
        {
            var perLevel = new List<double>();
            var values = new List<double>();
            for (int l = vertexLevel; l >= 0; l--)
            {
                double depth = depthOf(l);
                if (depth < t.BandMin * s)
                {
                    continue;
                }
                if (depth > t.BandMax * s)
                {
                    break;
                }
                values.Clear();
                for (int c = 0; c < cols; c++)
                {
                    double dx = Math.Abs(x0 + (c + 0.5) * Bin - midline);
                    if (dx < t.LateralMin * s || dx > t.LateralMax * s || !sampled[l * cols + c])
                    {
                        continue;
                    }
                    values.Add(front[l * cols + c] - forehead);
                }
                if (values.Count == 0)
                {
                    continue; // level not sampled (thick slices)
                }
                values.Sort();
                perLevel.Add(values[values.Count / 2]);
            }
            if (perLevel.Count == 0)
            {
                return double.NegativeInfinity;
            }
            perLevel.Sort();
            return t.LowerQuartile ? perLevel[perLevel.Count / 4] : perLevel[perLevel.Count - 1];
        }

        /// <summary>World extent of a grid and whether world points fall inside it.</summary>
        private sealed class WorldGrid
        {
            private readonly int _nx, _ny, _nz;
            private readonly Affine _inverse;

            public WorldGrid(int nx, int ny, int nz, Affine affine)
            {
                _nx = nx;
                _ny = ny;
                _nz = nz;
                _inverse = affine.Inverse();
                Min = new[] { double.MaxValue, double.MaxValue, double.MaxValue };
                Max = new[] { double.MinValue, double.MinValue, double.MinValue };
                for (int c = 0; c < 8; c++)
                {
                    var w = affine.Apply((c & 1) != 0 ? nx - 1 : 0, (c & 2) != 0 ? ny - 1 : 0, (c & 4) != 0 ? nz - 1 : 0);
                    double[] p = { w.X, w.Y, w.Z };
                    for (int k = 0; k < 3; k++)
                    {
                        Min[k] = Math.Min(Min[k], p[k]);
                        Max[k] = Math.Max(Max[k], p[k]);
                    }
                }
            }

            public double[] Min { get; }

            public double[] Max { get; }

            // Fraction of the region (box minus the central slab |x - midline| < latMin) inside the grid, on a 2 mm lattice.
            public double Coverage((double XMin, double XMax, double YMin, double YMax, double ZMin, double ZMax) box, double latMin, double midline)
            {
                long inside = 0, total = 0;
                for (double z = box.ZMin + 1; z < box.ZMax; z += 2)
                for (double y = box.YMin + 1; y < box.YMax; y += 2)
                for (double x = box.XMin + 1; x < box.XMax; x += 2)
                {
                    if (Math.Abs(x - midline) < latMin)
                    {
                        continue;
                    }
                    total++;
                    var v = _inverse.Apply(x, y, z);
                    if (v.X >= -0.5 && v.Y >= -0.5 && v.Z >= -0.5 && v.X <= _nx - 0.5 && v.Y <= _ny - 0.5 && v.Z <= _nz - 0.5)
                    {
                        inside++;
                    }
                }
                return total == 0 ? 0 : (double)inside / total;
            }
        }
    }
}
