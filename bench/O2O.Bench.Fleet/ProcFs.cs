using System.Globalization;

namespace O2O.Bench.Fleet;

/// <summary>
/// CPU time and memory of another process from /proc. Per-process times come from the scheduler and are exact; the
/// host-wide /proc/stat is not used, as on tickless VMs it loses ticks when the CPUs are mostly idle.
/// </summary>
public static class ProcFs
{
    /// <summary>USER_HZ, 100 on every Linux this runs on.</summary>
    public const int ClockTicksPerSecond = 100;

    /// <summary>utime + stime in clock ticks, or 0 when the process is gone.</summary>
    public static long CpuTicks(int pid)
    {
        try
        {
            // Fields after the ')' of the command name (which may hold spaces); utime and stime are fields 14 and 15.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>A "Name: value kB" line of /proc/&lt;pid&gt;/status (VmRSS, VmHWM), in KiB, or 0 when the process is gone.</summary>
    public static long StatusKb(int pid, string field)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return 0;
    }

    public static long RssKb(int pid) => StatusKb(pid, "VmRSS:");

    /// <summary>Peak RSS; the kernel updates VmHWM lazily, so it can trail the last VmRSS sample.</summary>
    public static long PeakRssKb(int pid) => StatusKb(pid, "VmHWM:");
}
