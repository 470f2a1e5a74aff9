namespace Defacer.Engine.Deface.External
{
    /// <summary>One defacing method as Get-DefaceMethod lists it: native or external, and whether it can run here.</summary>
    public sealed class DefaceMethodInfo
    {
        public DefaceMethodInfo(string name, string kind, bool available, string reason, string? tool, string? path, string? container, string? howToGet, string description)
        {
            Name = name;
            Kind = kind;
            Available = available;
            Reason = reason;
            Tool = tool;
            Path = path;
            Container = container;
            HowToGet = howToGet;
            Description = description;
        }

        /// <summary>The name to pass to <c>Invoke-Deface -Method</c>.</summary>
        public string Name { get; }

        /// <summary>"Native" (built in, always available) or "External" (runs another program).</summary>
        public string Kind { get; }

        public bool Available { get; }

        /// <summary>Why it cannot run (empty when available).</summary>
        public string Reason { get; }

        /// <summary>The external program, e.g. "mri_deface"; null for native methods.</summary>
        public string? Tool { get; }

        /// <summary>Where the program (or the container runtime) was found.</summary>
        public string? Path { get; }

        /// <summary>The container the tool would run in, if one was given.</summary>
        public string? Container { get; }

        /// <summary>How to install the tool; null for native methods.</summary>
        public string? HowToGet { get; }

        public string Description { get; }

        public override string ToString() => Name;
    }
}
