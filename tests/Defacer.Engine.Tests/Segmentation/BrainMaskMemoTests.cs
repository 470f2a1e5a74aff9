using System.Linq;
using System.Threading;
using Defacer.Engine.Phantom;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Segmentation
{
    /// <summary>The memo is process-wide: these tests run alone so no other test's strip evicts their entry.</summary>
    [CollectionDefinition(nameof(BrainMaskMemoCollection), DisableParallelization = true)]
    public sealed class BrainMaskMemoCollection
    {
    }

    [Collection(nameof(BrainMaskMemoCollection))]
    public class BrainMaskMemoTests
    {
        private static Volume3D Phantom() => HeadPhantom.Create().Image;

        [Fact]
        public void SameVoxels_SecondStripIsRemembered_AndEqual_AndACopy()
        {
            BrainMaskMemo.Clear();
            var volume = Phantom();
            var first = BrainExtractor.ComputeCanonical(volume);
            long hits = BrainMaskMemo.Hits;
            var second = BrainExtractor.ComputeCanonical(Phantom()); // a new volume with the same voxels
            Assert.Equal(hits + 1, BrainMaskMemo.Hits);
            Assert.True(first.Brain.Data.SequenceEqual(second.Brain.Data));
            Assert.True(first.Head.Data.SequenceEqual(second.Head.Data));
            Assert.Equal(first.Threshold, second.Threshold);
            Assert.Equal(first.SkullStripped, second.SkullStripped);

            // Each caller owns its mask: changing one result does not change what the memo gives next.
            Assert.NotSame(first.Brain, second.Brain);
            System.Array.Clear(second.Brain.Data, 0, second.Brain.Data.Length);
            var third = BrainExtractor.ComputeCanonical(volume);
            Assert.True(first.Brain.Data.SequenceEqual(third.Brain.Data));
        }

        [Fact]
        public void OneVoxelOrOneOptionDifferent_IsADifferentKey()
        {
            var volume = Phantom();
            var options = new BrainMaskOptions();
            string Key(Volume3D v, BrainMaskOptions o) => BrainMaskMemo.KeyOf(v.Nx, v.Ny, v.Nz, v.Affine, GridPyramid.For(v, o.WorkingVoxelMm).Downsample(v), o);
            string key = Key(volume, options);
            Assert.Equal(key, Key(Phantom(), new BrainMaskOptions()));

            var changed = Phantom();
            changed.Data[changed.Data.Length / 2] += 1;
            Assert.NotEqual(key, Key(changed, options));
            Assert.NotEqual(key, Key(volume, new BrainMaskOptions { FractionalThreshold = 0.4 }));
            var moved = new Volume3D(volume.Nx, volume.Ny, volume.Nz, volume.Data, Affine.FromScaleAndOffset(2, 2, 2, 1, 0, 0));
            Assert.NotEqual(key, Key(moved, options));

            // On a finer grid the key reads the working grid (block means): a change of one fine voxel still changes it.
            var fine = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 1, VoxelSizeY = 1, VoxelSizeZ = 1 }).Image;
            string fineKey = Key(fine, options);
            fine.Data[fine.Data.Length / 2 + fine.Nx / 2] += 1;
            Assert.NotEqual(fineKey, Key(fine, options));
        }

        [Fact]
        public void DifferentVoxels_AreStrippedAnew()
        {
            BrainMaskMemo.Clear();
            BrainExtractor.ComputeCanonical(Phantom());
            long hits = BrainMaskMemo.Hits;
            var other = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 2.5, VoxelSizeY = 2.5, VoxelSizeZ = 2.5 }).Image;
            BrainExtractor.ComputeCanonical(other, null, CancellationToken.None);
            Assert.Equal(hits, BrainMaskMemo.Hits);
        }
    }
}
