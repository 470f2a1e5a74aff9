namespace Defacer.Engine.Bids
{
    /// <summary>How serious a <see cref="BidsIssue"/> is. Neither stops the listing.</summary>
    public enum BidsIssueSeverity
    {
        /// <summary>The file is listed but something about it is off (unknown entity, content not fetched).</summary>
        Warning,

        /// <summary>The file could not be used (malformed JSON or TSV, unreadable).</summary>
        Error,
    }
}
