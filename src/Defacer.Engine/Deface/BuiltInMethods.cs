using Defacer.Engine.Registration;

namespace Defacer.Engine.Deface
{
    /// <summary>Registers the engine's own methods in a registry (one place, so the list is easy to read).</summary>
    internal static class BuiltInMethods
    {
        public static DefaceMethodRegistry Register(DefaceMethodRegistry registry)
        {
            registry.Register(FaceMaskMethod.MethodName,
                "pydeface's algorithm: affine registration of a head template, whose face mask is applied (-Template/-FaceMask, or the cached default pair)",
                p => new FaceMaskMethod(FaceMaskTemplate.Load(new TemplateCache().Resolve(p.Template, p.FaceMask))));
            // Quickshear (skull-strip + Quickshear) is registered here when its class is on main.
            return registry;
        }
    }
}
