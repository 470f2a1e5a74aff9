namespace Defacer.Engine.Nifti
{
    /// <summary>Float/int bit reinterpretation, which netstandard2.0's BitConverter lacks for 32-bit values.</summary>
    internal static class BitConverterCompat
    {
        public static unsafe float Int32BitsToSingle(int value) => *(float*)&value;

        public static unsafe int SingleToInt32Bits(float value) => *(int*)&value;
    }
}
