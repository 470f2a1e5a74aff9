namespace Defacer.Engine.Metadata
{
    /// <summary>The policy's verdict on one JSON key.</summary>
    public readonly struct KeyDecision
    {
        /// <summary>Creates a decision.</summary>
        public KeyDecision(MetadataAction action, string reason)
        {
            Action = action;
            Reason = reason;
        }

        /// <summary>What to do with the key.</summary>
        public MetadataAction Action { get; }

        /// <summary>Why (list, group or option), for reports.</summary>
        public string Reason { get; }
    }
}
