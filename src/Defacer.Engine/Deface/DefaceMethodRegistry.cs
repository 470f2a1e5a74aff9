using System;
using System.Collections.Generic;
using System.Linq;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// The defacing methods by name ("Quickshear", "FaceMask", later external tools), each a factory that builds the
    /// method from the user's parameters. <c>Invoke-Deface -Method</c> validates and tab-completes from
    /// <see cref="Default"/>. Names compare case-insensitively, as PowerShell parameters do.
    /// </summary>
    public sealed class DefaceMethodRegistry
    {
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private readonly object _gate = new object();

        /// <summary>The registry the cmdlets use, holding the built-in methods.</summary>
        public static DefaceMethodRegistry Default { get; } = BuiltInMethods.Register(new DefaceMethodRegistry());

        /// <summary>
        /// The subject's brain mask for methods that need one: the -BrainMask file when given (on the image's grid),
        /// otherwise Defacer's own skull-stripping.
        /// </summary>
        public static Func<Volumes.Volume3D, System.Threading.CancellationToken, Volumes.Mask3D> BrainMaskProvider(string? brainMaskPath) =>
            BuiltInMethods.BrainMaskProvider(brainMaskPath);

        /// <summary>Registered names, sorted.</summary>
        public IReadOnlyList<string> Names
        {
            get
            {
                lock (_gate)
                {
                    return _entries.Values.Select(e => e.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
                }
            }
        }

        /// <summary>Registers (or replaces) a method.</summary>
        /// <param name="name">The name users type.</param>
        /// <param name="description">One line for completion tooltips.</param>
        /// <param name="factory">Builds the method; throws <see cref="ArgumentException"/> for missing or bad parameters.</param>
        public void Register(string name, string description, Func<DefaceMethodParameters, IDefaceMethod> factory)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A method needs a name.", nameof(name));
            }
            lock (_gate)
            {
                _entries[name] = new Entry(name, description ?? "", factory ?? throw new ArgumentNullException(nameof(factory)));
            }
        }

        /// <summary>True when a method of that name is registered.</summary>
        public bool Contains(string name)
        {
            lock (_gate)
            {
                return name != null && _entries.ContainsKey(name);
            }
        }

        /// <summary>The description of a registered method.</summary>
        public string Describe(string name) => Get(name).Description;

        /// <summary>Builds the named method.</summary>
        /// <exception cref="ArgumentException">The name is unknown (the message lists the known ones), or the factory
        /// rejected the parameters.</exception>
        public IDefaceMethod Create(string name, DefaceMethodParameters parameters) =>
            Get(name).Factory(parameters ?? new DefaceMethodParameters());

        private Entry Get(string name)
        {
            lock (_gate)
            {
                if (name != null && _entries.TryGetValue(name, out var e))
                {
                    return e;
                }
            }
            throw new ArgumentException($"Unknown defacing method '{name}'. Known methods: {string.Join(", ", Names)}.", nameof(name));
        }

        private sealed class Entry
        {
            public Entry(string name, string description, Func<DefaceMethodParameters, IDefaceMethod> factory)
            {
                Name = name;
                Description = description;
                Factory = factory;
            }

            public string Name { get; }

            public string Description { get; }

            public Func<DefaceMethodParameters, IDefaceMethod> Factory { get; }
        }
    }
}
