namespace Defacer.Engine.Deface
{
    /// <summary>Registers the engine's own methods in a registry (one place, so the list is easy to read).</summary>
    internal static class BuiltInMethods
    {
        public static DefaceMethodRegistry Register(DefaceMethodRegistry registry)
        {
            // Quickshear (skull-strip + Quickshear) and FaceMask (registration + template face mask) are registered
            // here as their classes land on main.
            return registry;
        }
    }
}
