using System.Diagnostics;

namespace O2O.Bench.Faults;

/// <summary>
/// A folder on its own small tmpfs (mount -t tmpfs -o size=…), so the campaign can fill the agent's disk for real
/// and get ENOSPC from the kernel, then free it. Needs root (or CAP_SYS_ADMIN); without it the folder is an
/// ordinary one and <see cref="CanFill"/> is false, so the disk-full phase is reported as skipped.
/// </summary>
public sealed class SizeLimitedFolder : IDisposable
{
    private readonly string _ballast;

    public SizeLimitedFolder(int megabytes)
    {
        Path = Directory.CreateTempSubdirectory("o2o-faults-").FullName;
        _ballast = System.IO.Path.Combine(Path, "ballast.bin");
        // 0 MiB: an ordinary folder, for a site whose disk is never filled.
        CanFill = megabytes > 0 && OperatingSystem.IsLinux() && Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Path) == 0;
        MountError = CanFill ? null : megabytes > 0 ? "mount -t tmpfs failed (not root, or no CAP_SYS_ADMIN in this container)" : "no tmpfs asked for";
    }

    public string Path { get; }

    public bool CanFill { get; }

    public string? MountError { get; }

    /// <summary>Writes a ballast file until the kernel says the disk is full; returns the bytes written.</summary>
    public long Fill()
    {
        long written = 0;
        var chunk = new byte[64 * 1024];
        try
        {
            using var stream = new FileStream(_ballast, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            // ENOSPC: full. Top up with single pages so not even a small SQLite page fits.
            written += TopUp();
        }

        return written;
    }

    private long TopUp()
    {
        long written = 0;
        var page = new byte[512];
        try
        {
            using var stream = new FileStream(_ballast, FileMode.Append, FileAccess.Write, FileShare.None, 1);
            while (true)
            {
                stream.Write(page);
                stream.Flush();
                written += page.Length;
            }
        }
        catch (IOException)
        {
            return written;
        }
    }

    public void Free() => File.Delete(_ballast);

    public void Dispose()
    {
        if (CanFill)
        {
            // Lazy unmount: a killed agent's file handles may linger for a moment.
            Run("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left in /tmp; harmless.
        }
    }

    private static int Run(string file, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            process.WaitForExit(10_000);
            return process.HasExited ? process.ExitCode : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
