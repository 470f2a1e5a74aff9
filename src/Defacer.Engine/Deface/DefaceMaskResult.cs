using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>What a defacing method decided for one volume.</summary>
    public sealed class DefaceMaskResult
    {
        public DefaceMaskResult(Mask3D remove, Mask3D? brain, IReadOnlyDictionary<string, object>? details = null)
        {
            Remove = remove;
            Brain = brain;
            Details = details ?? new Dictionary<string, object>();
        }

        /// <summary>1 where the voxel is face (to be filled), 0 where it is kept; on the input grid.</summary>
        public Mask3D Remove { get; }

        /// <summary>The brain mask the method used or computed, on the input grid, when it has one.</summary>
        public Mask3D? Brain { get; }

        /// <summary>Method-specific facts for provenance (registration iterations, metric, stop reason, cut plane...).</summary>
        public IReadOnlyDictionary<string, object> Details { get; }
    }
}
