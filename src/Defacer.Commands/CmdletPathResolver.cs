using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Defacer.Commands
{
    /// <summary>
    /// Turns the -Path / -LiteralPath values of a cmdlet into file-system paths, the one way every Defacer cmdlet does it:
    /// -Path expands wildcards and accepts drive- and provider-qualified paths; -LiteralPath (also bound from PSPath when
    /// Get-Item or Get-ChildItem output is piped) is used exactly as typed; a path on any provider but FileSystem is
    /// refused. Whether a path exists is not checked for -LiteralPath: each cmdlet knows whether it wants a file or a
    /// folder and reports that itself.
    /// </summary>
    internal sealed class CmdletPathResolver
    {
        private readonly PSCmdlet _cmdlet;
        private readonly PathErrorIds _ids;

        /// <summary>Creates a resolver that reports through <paramref name="cmdlet"/> with the cmdlet's own error ids.</summary>
        public CmdletPathResolver(PSCmdlet cmdlet, PathErrorIds ids)
        {
            _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            _ids = ids ?? throw new ArgumentNullException(nameof(ids));
        }

        /// <summary>
        /// A bad path stops the command (ThrowTerminatingError) instead of being a per-item error. The BIDS listing
        /// cmdlets do this: a dataset path that is wrong leaves nothing sensible to list.
        /// </summary>
        public bool Terminating { get; set; }

        /// <summary>
        /// A -Path wildcard that matches nothing is silent, as with Get-Item (a readers' convention). Off by default:
        /// for a command that changes files, "nothing matched" must be said, or a typo looks like success.
        /// </summary>
        public bool SilentWildcardMiss { get; set; }

        /// <summary>
        /// Resolves every value, in order. Unusable values are reported (error or terminating error, with the ids given
        /// to the constructor and the value as target) and left out.
        /// </summary>
        public List<string> Resolve(IEnumerable<string> paths, bool literal)
        {
            var resolved = new List<string>();
            foreach (var path in paths)
            {
                ResolveOne(path, literal, resolved);
            }
            return resolved;
        }

        private void ResolveOne(string path, bool literal, List<string> resolved)
        {
            ProviderInfo provider;
            var found = new List<string>();
            try
            {
                if (literal)
                {
                    found.Add(_cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                }
                else
                {
                    found.AddRange(_cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
                }
            }
            catch (ItemNotFoundException ex)
            {
                Report(new ErrorRecord(ex, _ids.NotFound, ErrorCategory.ObjectNotFound, path));
                return;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is ProviderNotFoundException
                                       || ex is DriveNotFoundException || ex is PSInvalidOperationException)
            {
                // An unknown drive or provider, or characters no path may hold: the value itself is wrong.
                Report(new ErrorRecord(ex, _ids.Invalid, ErrorCategory.InvalidArgument, path));
                return;
            }
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                Report(new ErrorRecord(
                    new ArgumentException($"'{path}' is on the {provider.Name} provider; Defacer works on file-system paths only."),
                    _ids.NotFileSystem, ErrorCategory.InvalidArgument, path));
                return;
            }
            if (found.Count == 0)
            {
                // GetResolvedProviderPathFromPSPath throws for a plain path that does not exist but returns an empty
                // list for a wildcard that matches nothing.
                if (!SilentWildcardMiss)
                {
                    Report(new ErrorRecord(new ItemNotFoundException($"Nothing matches '{path}'."), _ids.NotFound, ErrorCategory.ObjectNotFound, path));
                }
                return;
            }
            resolved.AddRange(found);
        }

        private void Report(ErrorRecord record)
        {
            if (Terminating)
            {
                _cmdlet.ThrowTerminatingError(record);
            }
            _cmdlet.WriteError(record);
        }
    }
}
