using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Defacer.Engine.Deface;

namespace Defacer.Commands
{
    /// <summary>Tab completion for <c>Invoke-Deface -Method</c>: the names in <see cref="DefaceMethodRegistry.Default"/>.</summary>
    public sealed class DefaceMethodCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            var registry = DefaceMethodRegistry.Default;
            return registry.Names
                .Where(n => pattern.IsMatch(n))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, registry.Describe(n)))
                .ToList();
        }
    }
}
