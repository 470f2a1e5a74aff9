namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// Where the camera of <see cref="SurfaceRenderer"/> stands, in the subject's anatomical (RAS) frame. Superior is
    /// always up on screen except for <see cref="Top"/>, where anterior is up.
    /// </summary>
    public enum SurfaceView
    {
        /// <summary>From anterior, facing the subject: the face looks at you and the subject's left is on screen right.</summary>
        Front,

        /// <summary>From the subject's left: the face points to screen left.</summary>
        Left,

        /// <summary>From the subject's right: the face points to screen right.</summary>
        Right,

        /// <summary>From anterior-left, 45 degrees between <see cref="Front"/> and <see cref="Left"/>.</summary>
        ThreeQuarter,

        /// <summary>From superior, looking down: anterior (the nose) is up and the subject's right is on screen right.</summary>
        Top,
    }
}
