namespace Defacer.Engine.Deface
{
    /// <summary>Why an image could not be defaced; stable, so the cmdlet maps each to an error id and category.</summary>
    public enum DefaceErrorKind
    {
        /// <summary>The image's content is not here (dangling annex symlink or annex pointer file): run <c>datalad get</c>.</summary>
        ImageContentAbsent,

        /// <summary>The file is not a .nii or .nii.gz image, or its datatype has no scalar voxels (RGB, complex).</summary>
        UnsupportedImage,

        /// <summary>An in-place deface was asked for a file that is not inside a BIDS dataset (no backup place).</summary>
        OutputPathRequired,

        /// <summary>The method did not produce a usable mask (wrong grid, failure inside the method).</summary>
        MethodFailed,

        /// <summary>The image's sidecar JSON cannot be read or is not a JSON object.</summary>
        SidecarInvalid,

        /// <summary>-UseT1wMask found no T1w, or several equally matching ones, for a non-T1w image.</summary>
        T1wPairingFailed,

        /// <summary>The -OutputPath target already exists and is not marked as defaced; it is not overwritten without -Force.</summary>
        OutputExists,
    }
}
