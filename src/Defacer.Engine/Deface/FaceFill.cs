namespace Defacer.Engine.Deface
{
    /// <summary>What removed (face) voxels are replaced with.</summary>
    public enum FaceFill
    {
        /// <summary>Zero (physical value 0): nothing of the face remains. The default.</summary>
        Zero = 0,

        /// <summary>Random noise matched to the image background (robust mean and spread of the air around the head),
        /// seeded from the input's SHA-256 so that the output is reproducible. The face region looks like air.</summary>
        Noise = 1,

        /// <summary>A heavy Gaussian blur (FWHM in mm) of the image inside the removed region: the outline of the head
        /// stays, features do not. Weaker than Zero or Noise; for users whose downstream tools need a head shape.</summary>
        Blur = 2,
    }
}
