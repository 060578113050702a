using System.Text;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>
/// Files and folders created with their final Unix mode by the call that creates them (<c>open</c> and <c>mkdir</c>
/// with the mode), never created with the umask's default (0644, 0755) and narrowed afterwards: in that window a
/// password file or a server's data could be read by any user of the machine. The umask can only take bits away.
/// No-ops on Windows beyond creating, where none of these modes exist.
/// </summary>
internal static class UnixFiles
{
    /// <summary>0600: a file holding a password or a key.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700: a folder of one server's data, configuration or secrets.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="mode"/> (missing parents get the default mode), or, when
    /// it exists, takes away whatever its mode allows beyond <paramref name="mode"/>.
    /// </summary>
    public static void CreateDirectory(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, mode);
        Narrow(path, mode);
    }

    /// <summary>Takes away whatever <paramref name="path"/>'s mode allows beyond <paramref name="mode"/>; a mode already
    /// within it is left as it is.</summary>
    public static void Narrow(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            var current = File.GetUnixFileMode(path);
            if ((current & ~mode) != 0)
            {
                File.SetUnixFileMode(path, current & mode);
            }
        }
    }

    /// <summary>A new file, created 0600 (<see cref="FileMode.CreateNew"/>: an existing file, with a mode of its own,
    /// is never opened instead).</summary>
    public static FileStream CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return new FileStream(path, options);
    }

    /// <summary>
    /// Writes <paramref name="contents"/> (UTF-8) to <paramref name="path"/> readable by its owner only, replacing the
    /// file if there is one: written to a temporary file created 0600 beside it, flushed to disk, then moved over it,
    /// so the file is never wider than 0600, never half-written, and an existing wider one is replaced by a 0600 one.
    /// </summary>
    public static async Task WriteOwnerOnlyAsync(string path, string contents, CancellationToken cancellationToken = default)
    {
        var temp = TempFor(path);
        await using (var stream = CreateOwnerOnly(temp))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(contents), cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <inheritdoc cref="WriteOwnerOnlyAsync"/>
    public static void WriteOwnerOnly(string path, string contents)
    {
        var temp = TempFor(path);
        using (var stream = CreateOwnerOnly(temp))
        {
            stream.Write(Encoding.UTF8.GetBytes(contents));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string TempFor(string path)
    {
        var temp = path + ".tmp";
        // Left by a process that died between creating and moving it: whatever it holds is replaced, and removing it
        // first lets CreateNew create it again with the right mode.
        File.Delete(temp);
        return temp;
    }
}
