using System.Management.Automation;
using Defacer.Engine.Nifti;

namespace Defacer.Commands
{
    /// <summary>
    /// Turns a <see cref="NiftiException"/> into an ErrorRecord with a stable id per kind (FileNotFound for a missing
    /// file, otherwise Nifti&lt;Kind&gt;, e.g. NiftiHeaderOnly, NiftiAnnexPointer) and an honest category, the file as target.
    /// Every NIfTI-reading cmdlet uses it so scripts can rely on the same ids everywhere.
    /// </summary>
    internal static class NiftiErrors
    {
        /// <summary>The error id for a kind.</summary>
        public static string ErrorId(NiftiErrorKind kind) => kind == NiftiErrorKind.NotFound ? "FileNotFound" : "Nifti" + kind;

        /// <summary>The category for a kind: missing content is ObjectNotFound, OS failures ReadError, unsupported features NotImplemented, the rest InvalidData.</summary>
        public static ErrorCategory Category(NiftiErrorKind kind)
        {
            switch (kind)
            {
                case NiftiErrorKind.NotFound:
                case NiftiErrorKind.DanglingSymlink:
                case NiftiErrorKind.AnnexPointer:
                case NiftiErrorKind.LfsPointer:
                    return ErrorCategory.ObjectNotFound;
                case NiftiErrorKind.Io:
                    return ErrorCategory.ReadError;
                case NiftiErrorKind.Unsupported:
                    return ErrorCategory.NotImplemented;
                default:
                    return ErrorCategory.InvalidData;
            }
        }

        /// <summary>The ErrorRecord for a failed read, with a recommended action where there is an obvious one.</summary>
        public static ErrorRecord ToErrorRecord(NiftiException ex)
        {
            var record = new ErrorRecord(ex, ErrorId(ex.Kind), Category(ex.Kind), ex.FilePath);
            string? action = ex.Kind switch
            {
                NiftiErrorKind.AnnexPointer => "Fetch the content first: datalad get <file> (or git annex get <file>).",
                NiftiErrorKind.LfsPointer => "Fetch the content first: git lfs pull.",
                NiftiErrorKind.TruncatedGzip => "Copy or download the file again.",
                NiftiErrorKind.TruncatedData => "Copy or download the file again.",
                _ => null,
            };
            if (action != null)
            {
                record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = action };
            }
            return record;
        }
    }
}
