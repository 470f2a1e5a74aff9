using Defacer.Engine.Volumes;

namespace Defacer.Engine.Phantom
{
    /// <summary>
    /// A sampled head phantom: the T1w-like image and exact label masks on the same grid, so tests can assert
    /// "every brain voxel kept" and "eyes, nose, mouth and chin removed" without any reference software.
    /// </summary>
    public sealed class PhantomHead
    {
        internal PhantomHead(Volume3D image, byte[] tissues, Mask3D brain, Mask3D eyes, Mask3D eyeFronts, Mask3D nose, Mask3D mouth, Mask3D chin, Mask3D ears)
        {
            Image = image;
            Tissues = tissues;
            Brain = brain;
            Eyes = eyes;
            EyeFronts = eyeFronts;
            Nose = nose;
            Mouth = mouth;
            Chin = chin;
            Ears = ears;
        }

        /// <summary>The T1w-like image (WM about 1000 times the intensity scale, Rician background noise).</summary>
        public Volume3D Image { get; }

        /// <summary>The <see cref="PhantomTissue"/> of every voxel, in image order.</summary>
        public byte[] Tissues { get; }

        /// <summary>Brain: cerebrum (grey and white matter, ventricles), cerebellum and brainstem down to the cerebellum's lowest level (as label maps end it).</summary>
        public Mask3D Brain { get; }

        /// <summary>Both eyeballs (vitreous and lens).</summary>
        public Mask3D Eyes { get; }

        /// <summary>
        /// The anterior half of both eyeballs (cornea side, lens included): the part seen on a face. A plane cut under the
        /// frontal lobe, as Quickshear's, can leave the back of the globes inside the head, as on real heads.
        /// </summary>
        public Mask3D EyeFronts { get; }

        /// <summary>The nose, nostrils included.</summary>
        public Mask3D Nose { get; }

        /// <summary>Lips and the mouth opening between them.</summary>
        public Mask3D Mouth { get; }

        /// <summary>The chin (soft tissue and mandible).</summary>
        public Mask3D Chin { get; }

        /// <summary>Both ears.</summary>
        public Mask3D Ears { get; }

        /// <summary>Every voxel that is not background.</summary>
        public Mask3D Head
        {
            get
            {
                var m = Mask3D.Like(Image);
                for (int i = 0; i < Tissues.Length; i++)
                {
                    m.Data[i] = Tissues[i] != (byte)PhantomTissue.Background ? (byte)1 : (byte)0;
                }
                return m;
            }
        }

        /// <summary>Eyes, nose, mouth and chin together: what a defacer must remove.</summary>
        public Mask3D Face
        {
            get
            {
                var m = Mask3D.Like(Image);
                for (int i = 0; i < m.Data.Length; i++)
                {
                    m.Data[i] = (byte)(Eyes.Data[i] | Nose.Data[i] | Mouth.Data[i] | Chin.Data[i]);
                }
                return m;
            }
        }
    }
}
