namespace Defacer.Engine.Deface.External
{
    /// <summary>Why an external defacing tool could not be used. Stable: cmdlets put it in error ids.</summary>
    public enum ExternalToolErrorKind
    {
        /// <summary>The tool's executable (or the container runtime) was not found.</summary>
        ToolMissing,
        /// <summary>An atlas or template file the tool needs is missing (e.g. mri_deface's GCA files).</summary>
        AtlasMissing,
        /// <summary>An environment variable the tool needs is not set (e.g. FSLDIR for FSL-based tools).</summary>
        EnvironmentMissing,
        /// <summary>The options are invalid (e.g. a container that is neither docker:// nor an apptainer image).</summary>
        InvalidOptions,
        /// <summary>The process could not be started (not executable, bad interpreter...).</summary>
        StartFailed,
        /// <summary>The tool exited with a non-zero code.</summary>
        NonZeroExit,
        /// <summary>The tool ran longer than the timeout and was killed.</summary>
        Timeout,
        /// <summary>The tool exited with 0 but did not write the expected output file.</summary>
        NoOutput,
        /// <summary>The output file exists but cannot be read as NIfTI, or its content is implausible.</summary>
        MalformedOutput,
        /// <summary>The output's grid does not cover the input's, so what was removed cannot be told.</summary>
        WrongShape,
    }
}
