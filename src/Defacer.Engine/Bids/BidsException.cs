using System;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// A dataset-level problem that stops the listing: the folder does not exist or is not a BIDS dataset
    /// (no <c>dataset_description.json</c>). Per-file problems never throw; they become <see cref="BidsIssue"/>s.
    /// </summary>
    public class BidsException : Exception
    {
        /// <summary>Creates the exception for <paramref name="path"/>.</summary>
        public BidsException(string path, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Path = path;
        }

        /// <summary>The folder or file the problem is about.</summary>
        public string Path { get; }
    }
}
