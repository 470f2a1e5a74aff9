using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Defacer.Engine.Safety
{
    /// <summary>
    /// The permissions of a file that is about to be replaced, so the replacement can carry them: the Unix mode (all of
    /// it, e.g. 0444 or 0640) or, on Windows, the ReadOnly attribute. A file replaced by rename is a new file, which
    /// would otherwise get the default mode and silently turn a read-only original writable, or a private (0600) one
    /// readable by everyone.
    /// </summary>
    /// <remarks>
    /// Owner and group are not carried: only root may give a file away, and the replacement belongs to whoever runs
    /// the tool, as any edited file does. A symlink has no permissions of its own worth keeping (a git-annex link points
    /// at an object git-annex made read-only to protect the store, not the working file), so replacing a link gives a
    /// file with the default mode, as <c>git annex unlock</c> does.
    /// </remarks>
    public sealed class FilePermissions
    {
        // File.GetUnixFileMode / SetUnixFileMode exist from .NET 7 on (PowerShell 7.4+); this assembly targets
        // netstandard2.0, so they are found at run time. Without them (Windows PowerShell) the Unix mode is not carried.
        private static readonly MethodInfo? s_getMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
        private static readonly MethodInfo? s_setMode = s_getMode == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), s_getMode.ReturnType });

        private const int UserWrite = 0x80;   // UnixFileMode.UserWrite (0200)

        private readonly object? _unixMode;   // a boxed System.IO.UnixFileMode
        private readonly bool _readOnlyAttribute;

        private FilePermissions(object? unixMode, bool readOnlyAttribute)
        {
            _unixMode = unixMode;
            _readOnlyAttribute = readOnlyAttribute;
        }

        /// <summary>True when the file cannot be written as it is (Unix: no owner write bit; Windows: ReadOnly attribute).</summary>
        public bool IsReadOnly => _unixMode != null ? (Convert.ToInt32(_unixMode) & UserWrite) == 0 : _readOnlyAttribute;

        /// <summary>
        /// The permissions of the regular file at <paramref name="path"/>; null when it does not exist, is a symlink
        /// or a folder, or the platform gives no way to read them.
        /// </summary>
        public static FilePermissions? Of(string path)
        {
            if (PathSafety.IsSymlink(path) || !File.Exists(path))
            {
                return null;
            }
            if (IsWindows)
            {
                return new FilePermissions(null, (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0);
            }
            return s_getMode == null ? null : new FilePermissions(Invoke(s_getMode, path), false);
        }

        /// <summary>Gives the file at <paramref name="path"/> these permissions.</summary>
        public void ApplyTo(string path)
        {
            if (_unixMode != null)
            {
                Invoke(s_setMode!, path, _unixMode);
            }
            else if (IsWindows)
            {
                SetReadOnlyAttribute(path, _readOnlyAttribute);
            }
        }

        /// <summary>
        /// Makes a read-only file writable by its owner for as long as the returned object is not disposed, then puts
        /// its permissions back. For the few operations Windows refuses on read-only files (renaming over one, flushing
        /// one), on a file this tool itself owns.
        /// </summary>
        public IDisposable? OpenForWriting(string path)
        {
            if (!IsReadOnly)
            {
                return null;
            }
            if (_unixMode != null)
            {
                Invoke(s_setMode!, path, Enum.ToObject(s_getMode!.ReturnType, Convert.ToInt32(_unixMode) | UserWrite));
            }
            else
            {
                SetReadOnlyAttribute(path, false);
            }
            return new Restore(this, path);
        }

        internal static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static void SetReadOnlyAttribute(string path, bool readOnly)
        {
            var attributes = File.GetAttributes(path);
            File.SetAttributes(path, readOnly ? attributes | FileAttributes.ReadOnly : attributes & ~FileAttributes.ReadOnly);
        }

        private static object? Invoke(MethodInfo method, params object[] arguments)
        {
            try
            {
                return method.Invoke(null, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;   // unreachable
            }
        }

        private sealed class Restore : IDisposable
        {
            private readonly FilePermissions _permissions;
            private readonly string _path;

            public Restore(FilePermissions permissions, string path)
            {
                _permissions = permissions;
                _path = path;
            }

            public void Dispose() => _permissions.ApplyTo(_path);
        }
    }
}
