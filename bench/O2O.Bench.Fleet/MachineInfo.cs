using System.Globalization;
using System.Runtime.InteropServices;

namespace O2O.Bench.Fleet;

/// <summary>The machine a result was measured on, written beside every figure.</summary>
public sealed record MachineInfo(int Nproc, long MemoryMiB, string Os, string Kernel, string Runtime, string Cpu)
{
    public static MachineInfo Read()
    {
        string os = FirstValue("/etc/os-release", "PRETTY_NAME=", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        string cpu = FirstValue("/proc/cpuinfo", "model name", ':') ?? "";
        string? mem = FirstValue("/proc/meminfo", "MemTotal:", ':');
        long memKb = mem is null ? 0 : long.Parse(mem.Split(' ')[0], CultureInfo.InvariantCulture);
        string kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
        return new MachineInfo(Environment.ProcessorCount, memKb / 1024, os, kernel, RuntimeInformation.FrameworkDescription, cpu);
    }

    public string Describe() => $"{Nproc} CPUs ({Cpu}), {MemoryMiB} MiB, {Os}, kernel {Kernel}, {Runtime}";

    private static string? FirstValue(string path, string prefix, char separator)
    {
        try
        {
            string? line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return line?.Split(separator, 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
