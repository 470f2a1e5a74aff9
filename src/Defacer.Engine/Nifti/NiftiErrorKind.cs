namespace Defacer.Engine.Nifti
{
    /// <summary>What was wrong with a file that could not be read as NIfTI. Stable: cmdlets put it in error ids.</summary>
    public enum NiftiErrorKind
    {
        /// <summary>No file at the path.</summary>
        NotFound,
        /// <summary>The path is a symbolic link whose target does not exist.</summary>
        DanglingSymlink,
        /// <summary>A git-annex pointer (text or a link into .git/annex/objects) whose content is not present.</summary>
        AnnexPointer,
        /// <summary>A zero-byte file (a placeholder).</summary>
        EmptyFile,
        /// <summary>sizeof_hdr is neither 348 (NIfTI-1) nor 540 (NIfTI-2) in either byte order, or the file is shorter than the header.</summary>
        BadHeaderSize,
        /// <summary>The magic string is not n+1/ni1/n+2/ni2.</summary>
        BadMagic,
        /// <summary>dim[0] outside 1..7, a dimension below 1, or a voxel count that overflows.</summary>
        BadDimensions,
        /// <summary>Unknown datatype code.</summary>
        BadDataType,
        /// <summary>vox_offset is negative, not an integer, or points past the end of the file.</summary>
        VoxOffsetPastEnd,
        /// <summary>The file holds fewer voxel bytes than the header declares.</summary>
        TruncatedData,
        /// <summary>The gzip stream ends early or is corrupt.</summary>
        TruncatedGzip,
        /// <summary>The (decompressed) data is longer than the header declares, e.g. a gzip bomb.</summary>
        DataTooLong,
        /// <summary>The file holds a header but no voxel data at all.</summary>
        HeaderOnly,
        /// <summary>A valid NIfTI feature this reader does not handle (e.g. 1-bit data, an image too large for one array).</summary>
        Unsupported,
        /// <summary>An operating-system I/O error while reading or writing.</summary>
        Io,
        /// <summary>A Git LFS pointer file instead of the image.</summary>
        LfsPointer,
        /// <summary>The extension block between the header and the voxel data is malformed.</summary>
        BadExtension,
        /// <summary>vox_offset is negative, fractional, or lies inside the header.</summary>
        BadVoxOffset,
    }
}
