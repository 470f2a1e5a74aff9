using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// Chooses the iso-surface level that separates head tissue from air, whatever the contrast and intensity scale.
    /// </summary>
    public static class SurfaceThreshold
    {
        /// <summary>
        /// Otsu's threshold between air and tissue over the voxels clipped at the 99.5th percentile (so a few bright
        /// vessels or artefacts do not stretch the histogram), then lowered by <paramref name="fraction"/> because
        /// skin and thin structures (nose, ears) sit at the low end of the tissue class and partial-volume edges
        /// would otherwise erode the face.
        /// </summary>
        public static double Estimate(Volume3D volume, double fraction = 0.5) => EstimateFromCounts(volume, fraction, null);

        /// <summary>As <see cref="Estimate(Volume3D, double)"/>, with the image's values already counted (or null).</summary>
        internal static double EstimateFromCounts(Volume3D volume, double fraction, IntegerValueCounts? counts)
        {
            if (volume == null)
            {
                throw new ArgumentNullException(nameof(volume));
            }
            // Integer images: one counting pass serves both statistics (same results as the passes over the voxels).
            counts ??= IntensityStatistics.CountIntegerValues(volume.Data);
            var percents = new[] { 0.0, 99.5 };
            var p = counts != null ? IntensityStatistics.Percentiles(counts, percents) : IntensityStatistics.Percentiles(volume.Data, percents);
            double low = p[0], high = p[1];
            if (!(high > low))
            {
                return low;
            }
            double otsu = counts != null ? IntensityStatistics.Otsu(counts, low, high) : IntensityStatistics.Otsu(volume.Data, low, high);
            return low + (otsu - low) * fraction;
        }
    }
}
