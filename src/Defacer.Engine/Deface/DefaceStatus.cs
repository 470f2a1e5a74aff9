namespace Defacer.Engine.Deface
{
    /// <summary>What happened to one image.</summary>
    public enum DefaceStatus
    {
        /// <summary>The face was removed and the output written.</summary>
        Defaced,

        /// <summary>The image was already marked as defaced (sidecar <c>"Defaced": true</c>) and -Force was not given.</summary>
        AlreadyDefaced,
    }
}
