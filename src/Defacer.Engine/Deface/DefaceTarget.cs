using System;
using System.IO;

namespace Defacer.Engine.Deface
{
    /// <summary>One image to deface, with what the pipeline needs to know about where it lives.</summary>
    public sealed class DefaceTarget
    {
        /// <summary>Creates a target.</summary>
        /// <param name="imagePath">The .nii or .nii.gz file (may be an annex symlink).</param>
        /// <param name="datasetRoot">The BIDS dataset holding it, or null for a loose file.</param>
        /// <param name="sidecarPath">The image's own sidecar JSON; null means "same name, .json".</param>
        public DefaceTarget(string imagePath, string? datasetRoot = null, string? sidecarPath = null)
        {
            if (string.IsNullOrEmpty(imagePath))
            {
                throw new ArgumentException("An image path is required.", nameof(imagePath));
            }
            ImagePath = Path.GetFullPath(imagePath);
            DatasetRoot = datasetRoot == null ? null : Path.GetFullPath(datasetRoot).TrimEnd('/', '\\');
            SidecarPath = sidecarPath == null ? DefaceMaskName.SidecarPathFor(ImagePath) : Path.GetFullPath(sidecarPath);
            RelativePath = DatasetRoot != null && ImagePath.StartsWith(DatasetRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                ? ImagePath.Substring(DatasetRoot.Length + 1)
                : Path.GetFileName(ImagePath);
        }

        /// <summary>Full path of the image.</summary>
        public string ImagePath { get; }

        /// <summary>Full path of the dataset root, or null.</summary>
        public string? DatasetRoot { get; }

        /// <summary>Full path of the image's sidecar (it may not exist).</summary>
        public string SidecarPath { get; }

        /// <summary>The image's path relative to the dataset (its file name for a loose file).</summary>
        public string RelativePath { get; }

        /// <summary>
        /// The dataset holding <paramref name="path"/>: the nearest folder above it with a dataset_description.json
        /// (so an image of a derivative dataset belongs to the derivative). Null when there is none.
        /// </summary>
        public static string? FindDatasetRoot(string path)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            while (!string.IsNullOrEmpty(dir))
            {
                if (File.Exists(Path.Combine(dir, "dataset_description.json")))
                {
                    return dir;
                }
                dir = Path.GetDirectoryName(dir);
            }
            return null;
        }
    }
}
