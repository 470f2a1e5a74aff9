using System.Management.Automation;
using Defacer.Engine.Deface.External;

namespace Defacer.Commands
{
    /// <summary>
    /// Turns an <see cref="ExternalToolException"/> into an ErrorRecord with a stable id and an honest category, so every
    /// cmdlet that runs external tools (Invoke-Deface) reports them the same way. Availability problems are meant for
    /// ThrowTerminatingError in BeginProcessing; run failures for WriteError on the one image.
    /// </summary>
    public static class ExternalToolErrors
    {
        /// <summary>The stable error id for a kind, e.g. "ExternalToolMissing", "ExternalToolTimeout".</summary>
        public static string ErrorId(ExternalToolErrorKind kind) => kind switch
        {
            ExternalToolErrorKind.ToolMissing => "ExternalToolMissing",
            _ => "ExternalTool" + kind,
        };

        /// <summary>The category that says what went wrong.</summary>
        public static ErrorCategory Category(ExternalToolErrorKind kind) => kind switch
        {
            ExternalToolErrorKind.ToolMissing => ErrorCategory.NotInstalled,
            ExternalToolErrorKind.EnvironmentMissing => ErrorCategory.NotInstalled,
            ExternalToolErrorKind.AtlasMissing => ErrorCategory.ObjectNotFound,
            ExternalToolErrorKind.InvalidOptions => ErrorCategory.InvalidArgument,
            ExternalToolErrorKind.StartFailed => ErrorCategory.ResourceUnavailable,
            ExternalToolErrorKind.Timeout => ErrorCategory.OperationTimeout,
            ExternalToolErrorKind.MalformedOutput => ErrorCategory.InvalidData,
            ExternalToolErrorKind.WrongShape => ErrorCategory.InvalidData,
            _ => ErrorCategory.InvalidResult,
        };

        /// <summary>
        /// The ErrorRecord for <paramref name="exception"/>; the target is the image path for run failures and the method
        /// name for availability problems unless <paramref name="target"/> is given.
        /// </summary>
        public static ErrorRecord ToErrorRecord(ExternalToolException exception, object? target = null)
        {
            var record = new ErrorRecord(exception, ErrorId(exception.Kind), Category(exception.Kind), target ?? (object?)exception.ImagePath ?? exception.Method);
            if (exception.IsAvailabilityProblem && exception.HowToGet != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message)
                {
                    RecommendedAction = ExternalToolCatalog.RunnableNativeMethods.Count == 0
                        ? $"Install {exception.Tool}: {exception.HowToGet}."
                        : $"Install {exception.Tool}: {exception.HowToGet}. Or use a native method: {string.Join(", ", ExternalToolCatalog.RunnableNativeMethods)}.",
                };
            }
            return record;
        }
    }
}
