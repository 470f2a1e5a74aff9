using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// Reads the small text files of a dataset (JSON sidecars, TSV tables) and says plainly when their content is not
    /// there: git-annex may annex them too (ReproIn annexes scans.tsv, OpenNeuro annexes JSON above 1 MB), leaving a
    /// dangling link or an <c>/annex/objects/</c> pointer instead of the text.
    /// </summary>
    internal static class BidsTextFile
    {
        private const string AnnexPointerPrefix = "/annex/objects/";

        /// <summary>The text of <paramref name="path"/>, or null with a <see cref="BidsIssueCodes.FileUnreadable"/> issue added.</summary>
        public static string? Read(string path, ICollection<BidsIssue> issues)
        {
            string text;
            try
            {
                text = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                // The folder listing saw it, so it is a link whose target is missing.
                issues.Add(new BidsIssue(path, BidsIssueCodes.FileUnreadable,
                    $"Cannot read '{path}': it is a link whose content is not present; run 'datalad get' on it.", BidsIssueSeverity.Error));
                return null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                issues.Add(new BidsIssue(path, BidsIssueCodes.FileUnreadable, $"Cannot read '{path}': {ex.Message}", BidsIssueSeverity.Error));
                return null;
            }
            if (text.StartsWith(AnnexPointerPrefix, StringComparison.Ordinal) && text.Length < 4096)
            {
                issues.Add(new BidsIssue(path, BidsIssueCodes.FileUnreadable,
                    $"Cannot read '{path}': it is a git-annex pointer file, its content is not present; run 'datalad get' on it.", BidsIssueSeverity.Error));
                return null;
            }
            return text;
        }
    }
}
