namespace Defacer.Engine.Metadata
{
    /// <summary>The kinds of file Remove-BidsMetadata edits.</summary>
    public enum MetadataFileKind
    {
        /// <summary>A JSON sidecar or other metadata JSON.</summary>
        Json,
        /// <summary>A TSV table.</summary>
        Table,
        /// <summary>A NIfTI image (.nii or .nii.gz).</summary>
        Nifti,
        /// <summary>Anything else (only reported on).</summary>
        Other,
    }
}
