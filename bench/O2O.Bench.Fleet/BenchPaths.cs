namespace O2O.Bench.Fleet;

public static class BenchPaths
{
    /// <summary>bench/ of the repository this binary was built from (outputs live under bench/&lt;project&gt;/bin/...).</summary>
    public static string BenchFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (dir.Name == "bench" && File.Exists(Path.Combine(dir.Parent?.FullName ?? "", "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "bench");
    }
}
