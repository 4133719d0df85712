namespace O2O.Repository.Tests;

/// <summary>Finds the repository root from the test's output folder (the folder holding nanoFramework.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "nanoFramework.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("nanoFramework.sln not found above " + AppContext.BaseDirectory);
    }
}
