namespace Defacer.Engine.Bids
{
    /// <summary>One problem in a file name: an issue code and a message.</summary>
    public sealed class BidsNameProblem
    {
        /// <summary>Creates a problem.</summary>
        public BidsNameProblem(string code, string message)
        {
            Code = code;
            Message = message;
        }

        /// <summary>One of <see cref="BidsIssueCodes"/>.</summary>
        public string Code { get; }

        /// <summary>What is wrong.</summary>
        public string Message { get; }
    }
}
