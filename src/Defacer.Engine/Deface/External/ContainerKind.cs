namespace Defacer.Engine.Deface.External
{
    /// <summary>How a containerised tool is started.</summary>
    public enum ContainerKind
    {
        /// <summary><c>docker run --rm ...</c> on a registry image (<c>docker://image</c>).</summary>
        Docker,
        /// <summary><c>apptainer exec ...</c> (or singularity) on an image file (<c>.sif</c>).</summary>
        Apptainer,
    }
}
