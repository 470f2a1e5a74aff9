using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// The environment a tool is looked up in and runs with: this process's variables with
    /// <see cref="ExternalToolOptions.EnvironmentOverrides"/> applied. Lookups never change the process environment,
    /// so parallel runs and tests cannot disturb each other.
    /// </summary>
    public sealed class ToolEnvironment
    {
        private static readonly bool s_windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        private readonly Dictionary<string, string?> _variables;

        public ToolEnvironment(IDictionary<string, string?>? overrides)
        {
            var comparer = s_windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            _variables = new Dictionary<string, string?>(comparer);
            foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                _variables[(string)e.Key] = e.Value as string;
            }
            if (overrides != null)
            {
                foreach (var kv in overrides)
                {
                    _variables[kv.Key] = kv.Value;
                }
            }
        }

        /// <summary>A variable's value, or null when unset or empty.</summary>
        public string? Get(string name) => _variables.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;

        /// <summary>The full variable set for a child process, with <paramref name="additions"/> applied.</summary>
        public IDictionary<string, string?> ForChild(IEnumerable<KeyValuePair<string, string?>>? additions, string? prependToPath)
        {
            var child = new Dictionary<string, string?>(_variables, _variables.Comparer);
            if (additions != null)
            {
                foreach (var kv in additions)
                {
                    child[kv.Key] = kv.Value;
                }
            }
            if (prependToPath != null)
            {
                // Scripts such as mideface call sibling programs: put the tool's own folder first on their PATH.
                var path = Get("PATH");
                child["PATH"] = path == null ? prependToPath : prependToPath + Path.PathSeparator + path;
            }
            return child;
        }

        /// <summary>The folders of PATH, in order.</summary>
        public IEnumerable<string> PathFolders()
        {
            var path = Get("PATH");
            if (path == null)
            {
                yield break;
            }
            foreach (var part in path.Split(Path.PathSeparator))
            {
                if (part.Length > 0)
                {
                    yield return part.Trim('"');
                }
            }
        }

        /// <summary>Finds <paramref name="name"/> in <paramref name="folder"/> as an executable file (PATHEXT on Windows).</summary>
        public string? FindIn(string folder, string name)
        {
            foreach (var candidate in Candidates(name))
            {
                string full;
                try
                {
                    full = Path.Combine(folder, candidate);
                }
                catch (ArgumentException)
                {
                    return null;
                }
                if (IsExecutableFile(full))
                {
                    return Path.GetFullPath(full);
                }
            }
            return null;
        }

        /// <summary>Finds <paramref name="name"/> on PATH (first hit, like <c>which</c>).</summary>
        public string? FindOnPath(string name)
        {
            foreach (var folder in PathFolders())
            {
                var hit = FindIn(folder, name);
                if (hit != null)
                {
                    return hit;
                }
            }
            return null;
        }

        private IEnumerable<string> Candidates(string name)
        {
            yield return name;
            if (s_windows && Path.GetExtension(name).Length == 0)
            {
                foreach (var ext in (Get("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD").Split(';'))
                {
                    if (ext.Length > 0)
                    {
                        yield return name + ext;
                    }
                }
            }
        }

        /// <summary>True for an existing file that this user may execute (access(2) X_OK on Unix).</summary>
        public static bool IsExecutableFile(string path)
        {
            if (!File.Exists(path))
            {
                return false;
            }
            if (s_windows)
            {
                return true;
            }
            try
            {
                return access(path, 1) == 0;
            }
            catch (Exception)
            {
                // No libc entry point (unusual platform): existence is the best we can check.
                return true;
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int access(string path, int mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string path, uint mode);

        /// <summary>
        /// Makes a folder private to this user (mode 0700) on Unix, so other accounts cannot read the copies of
        /// participants' images in it. True when done (or on Windows, where the user's temp folder is already private).
        /// </summary>
        public static bool RestrictToOwner(string folder)
        {
            if (s_windows)
            {
                return true;
            }
            try
            {
                return chmod(folder, 0x1C0) == 0; // 0700
            }
            catch (Exception)
            {
                return false;
            }
        }

        [DllImport("libc")]
        private static extern uint getuid();

        [DllImport("libc")]
        private static extern uint getgid();

        /// <summary>"uid:gid" of this process on Unix (for docker --user, so files it writes stay ours); null elsewhere.</summary>
        public static string? UserAndGroup()
        {
            if (s_windows)
            {
                return null;
            }
            try
            {
                return getuid() + ":" + getgid();
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
