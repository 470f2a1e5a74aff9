namespace Defacer.Engine.Phantom
{
    /// <summary>The tissue class of one phantom voxel (its label value in <see cref="PhantomHead.Tissues"/>).</summary>
    public enum PhantomTissue : byte
    {
        Background = 0,
        WhiteMatter = 1,
        GreyMatter = 2,
        Ventricle = 3,
        Cerebellum = 4,
        Brainstem = 5,
        SpinalCord = 6,
        Csf = 7,
        Skull = 8,
        Scalp = 9,
        FaceTissue = 10,
        Neck = 11,
        OrbitFat = 12,
        Eye = 13,
        Lens = 14,
        Nose = 15,
        Nostril = 16,
        Lip = 17,
        MouthAir = 18,
        Chin = 19,
        Mandible = 20,
        Ear = 21,
    }
}
