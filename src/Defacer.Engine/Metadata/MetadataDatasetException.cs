using System;

namespace Defacer.Engine.Metadata
{
    /// <summary>The folder given as a dataset is not a BIDS dataset (no dataset_description.json) or does not exist.</summary>
    public sealed class MetadataDatasetException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public MetadataDatasetException(string path, string message)
            : base(message)
        {
            Path = path;
        }

        /// <summary>The folder concerned.</summary>
        public string Path { get; }
    }
}
