using System.Collections.Generic;
using System.Management.Automation;
using Defacer.Engine.Nifti;

namespace Defacer.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the header of NIfTI images: geometry, datatype, scaling, orientation and the text fields and extensions that can identify a subject.</para>
    /// <para type="description">Reads only the header and its extensions (never the voxel data), so it is fast on large
    /// images and also works on header-only placeholder files. Outputs one NiftiHeaderInfo per file: path, NIfTI version,
    /// shape, voxel size, datatype, scl_slope/scl_inter, qform/sform codes, the affine nibabel would use, its orientation
    /// code (e.g. RAS, LPS), descrip, aux_file, and the code and size of each extension. Reads .nii, .nii.gz and
    /// .hdr/.img pairs, NIfTI-1 and NIfTI-2, either byte order. A file that cannot be read gives a non-terminating error
    /// whose id names the problem (FileNotFound, NiftiAnnexPointer, NiftiBadMagic, ...) and the command goes on.</para>
    /// </summary>
    /// <example><code>Get-NiftiHeader ./sub-01/anat/*.nii.gz</code></example>
    /// <example><code>Get-ChildItem ./ds -Recurse -Filter *.nii.gz | Get-NiftiHeader | Where-Object Descrip | Select-Object FileName, Descrip</code></example>
    /// <example><code>Get-BidsImage ./ds -Suffix T1w | Get-NiftiHeader | Format-List</code></example>
    [Cmdlet(VerbsCommon.Get, "NiftiHeader", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(NiftiHeaderInfo))]
    public sealed class GetNiftiHeaderCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>NIfTI files; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>NIfTI files, used exactly as typed (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var file in ResolveFiles())
            {
                try
                {
                    WriteObject(NiftiHeaderInfo.FromFile(file));
                }
                catch (NiftiException ex)
                {
                    WriteError(NiftiErrors.ToErrorRecord(ex));
                }
            }
        }

        // Like Get-Item, a reader: a wildcard that matches nothing is silent.
        private IEnumerable<string> ResolveFiles()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            var resolver = new CmdletPathResolver(this, new PathErrorIds("FileNotFound", "PathNotFileSystem", "InvalidPath")) { SilentWildcardMiss = true };
            return resolver.Resolve((literal ? LiteralPath : Path)!, literal);
        }
    }
}
