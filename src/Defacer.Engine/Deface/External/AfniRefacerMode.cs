namespace Defacer.Engine.Deface.External
{
    /// <summary>@afni_refacer_run's modes (-mode_deface, -mode_reface, -mode_reface_plus).</summary>
    public enum AfniRefacerMode
    {
        /// <summary>Face and ears set to zero.</summary>
        Deface,
        /// <summary>Face and ears replaced by a scaled generic face.</summary>
        Reface,
        /// <summary>Face, ears and skull replaced by a scaled generic shell.</summary>
        RefacePlus,
    }
}
