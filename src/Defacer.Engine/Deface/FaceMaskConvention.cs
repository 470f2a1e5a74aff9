namespace Defacer.Engine.Deface
{
    /// <summary>
    /// What the 1s of a face-mask file mean. The masks we know are keep-masks (1 = keep, 0 = face):
    /// mydeface_mniMask, niimath's avg152T1mask, pydeface's facemask.nii.gz (pydeface multiplies the image by it)
    /// and mridefacer's face_teeth_ear_mask. <see cref="Auto"/> tells them apart by volume: the face is a small
    /// part of a head template's field of view, so a mask whose 1s cover more than half its grid is a keep-mask.
    /// </summary>
    public enum FaceMaskConvention
    {
        /// <summary>Decide from the mask: more than half of the grid set means 1 = keep.</summary>
        Auto,

        /// <summary>1 = keep, 0 = face (keep-mask).</summary>
        KeepIsOne,

        /// <summary>1 = face, 0 = keep.</summary>
        FaceIsOne,
    }
}
