using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Defacer.Engine.Deface.External;

namespace Defacer.Commands
{
    /// <summary>Tab completion of defacing method names (native and external), for -Method / -Name parameters.</summary>
    public sealed class DefaceMethodCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            return ExternalToolCatalog.AllMethodNames
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue,
                    ExternalToolCatalog.IsNative(n) ? n + " (native)" : n + " (runs " + ExternalToolCatalog.Find(n)!.Executable + ")"));
        }
    }
}
