using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Defacer.Engine.Tests.Bids
{
    /// <summary>A throw-away BIDS tree in the temp folder, built file by file by a test and deleted afterwards.</summary>
    internal sealed class BidsTree : IDisposable
    {
        public BidsTree(string? rootName = null, bool withDescription = true)
        {
            Parent = TestData.NewTempDir("defacer-bids");
            Root = rootName == null ? Parent : Path.Combine(Parent, rootName);
            Directory.CreateDirectory(Root);
            if (withDescription) Write("dataset_description.json", "{\"Name\": \"test\", \"BIDSVersion\": \"1.10.0\"}");
        }

        public string Parent { get; }

        public string Root { get; }

        public string Full(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        public string Write(string relative, string text)
        {
            var path = Full(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return path;
        }

        public string WriteBytes(string relative, byte[] bytes)
        {
            var path = Full(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>Writes a small valid NIfTI-1 image (2x2x2 int16), gzipped when the name ends in .gz; <paramref name="headerOnly"/> drops the voxels.</summary>
        public string Nifti(string relative, bool headerOnly = false)
            => WriteBytes(relative, relative.EndsWith(".gz", StringComparison.Ordinal) ? Gzip(NiftiBytes(headerOnly)) : NiftiBytes(headerOnly));

        /// <summary>Creates a symbolic link at <paramref name="relative"/> pointing to <paramref name="target"/> (as given, usually relative).</summary>
        public string Symlink(string relative, string target)
        {
            var path = Full(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.CreateSymbolicLink(path, target);
            return path;
        }

        public static byte[] NiftiBytes(bool headerOnly = false)
        {
            var bytes = new byte[352 + (headerOnly ? 0 : 16)];
            void I16(int o, short v) => BitConverter.GetBytes(v).CopyTo(bytes, o);
            BitConverter.GetBytes(348).CopyTo(bytes, 0);
            I16(40, 3); I16(42, 2); I16(44, 2); I16(46, 2); I16(48, 1); I16(50, 1); I16(52, 1); I16(54, 1);
            I16(70, 4);   // datatype int16
            I16(72, 16);  // bitpix
            BitConverter.GetBytes(352f).CopyTo(bytes, 108);
            BitConverter.GetBytes(1f).CopyTo(bytes, 76 + 4);
            Encoding.ASCII.GetBytes("n+1\0").CopyTo(bytes, 344);
            for (var i = 352; i < bytes.Length; i++) bytes[i] = (byte)i;
            return bytes;
        }

        public static byte[] Gzip(byte[] data)
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(data, 0, data.Length);
            return ms.ToArray();
        }

        public void Dispose()
        {
            try
            {
                MakeWritable(new DirectoryInfo(Parent));
                Directory.Delete(Parent, true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder must not fail a test.
            }
        }

        private static void MakeWritable(DirectoryInfo dir)
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var sub in dir.GetDirectories())
            {
                if ((sub.Attributes & FileAttributes.ReparsePoint) == 0) MakeWritable(sub);
            }
        }
    }
}
