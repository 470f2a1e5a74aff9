namespace Defacer.Engine.Registration
{
    /// <summary>Paths of a head template, its face mask and (optionally) its brain mask, all in the template's world.</summary>
    public sealed class TemplateSet
    {
        public TemplateSet(string templatePath, string faceMaskPath, string? brainMaskPath = null)
        {
            TemplatePath = templatePath;
            FaceMaskPath = faceMaskPath;
            BrainMaskPath = brainMaskPath;
        }

        /// <summary>The head image registered to the subject.</summary>
        public string TemplatePath { get; }

        /// <summary>The face mask in the template's world (keep-mask: 1 = keep, 0 = face; see <c>FaceMaskConvention</c>).</summary>
        public string FaceMaskPath { get; }

        /// <summary>The template's brain mask, used to protect the brain when no subject brain mask is given.</summary>
        public string? BrainMaskPath { get; }
    }
}
