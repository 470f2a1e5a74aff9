using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Defacer.Engine.Deface;
using Defacer.Engine.Deface.External;

namespace Defacer.Commands
{
    /// <summary>Tab completion of defacing method names: the native methods of <see cref="DefaceMethodRegistry.Default"/> and the external tools.</summary>
    public sealed class DefaceMethodCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            var registry = DefaceMethodRegistry.Default;
            var native = registry.Names.Select(n => (Name: n, Tip: registry.Describe(n)));
            // Only the external tools themselves: AllMethodNames also lists native names, which may not be registered.
            var external = ExternalToolCatalog.Tools
                .Where(t => !registry.Contains(t.Method))
                .Select(t => (Name: t.Method, Tip: t.Method + " (runs " + t.Executable + ")"));
            return native.Concat(external)
                .Where(m => pattern.IsMatch(m.Name))
                .Select(m => new CompletionResult(m.Name, m.Name, CompletionResultType.ParameterValue, string.IsNullOrEmpty(m.Tip) ? m.Name : m.Tip))
                .ToList();
        }
    }
}
