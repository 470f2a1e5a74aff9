namespace Defacer.Engine.Bids
{
    /// <summary>
    /// What is actually on disk for an image, found by a cheap probe (link status, size and the first bytes).
    /// Only <see cref="Present"/> images can be defaced; the others are skipped with a message.
    /// </summary>
    public enum BidsContentState
    {
        /// <summary>A readable NIfTI header with the voxel data it declares (as far as the size shows).</summary>
        Present,

        /// <summary>An unlocked git-annex file whose content is absent: a small text file naming /annex/objects/. Run datalad get.</summary>
        AnnexPointer,

        /// <summary>A symbolic link whose target does not exist (git-annex content not fetched). Run datalad get.</summary>
        DanglingSymlink,

        /// <summary>A 0-byte placeholder.</summary>
        Empty,

        /// <summary>A valid NIfTI header declaring more voxel data than the file holds (header-only placeholder, or a truncated .nii).</summary>
        HeaderOnly,

        /// <summary>The file exists but is not NIfTI (no valid header: HTML page, 1-byte stub, broken gzip).</summary>
        NotNifti,

        /// <summary>The file could not be opened or read (permissions, I/O error).</summary>
        Unreadable,
    }
}
