namespace O2O.EdgeAgent.Cli;

/// <summary>Left-aligned columns sized to their widest cell, for a terminal or for grep.</summary>
public static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        List<IReadOnlyList<string>> all = [headers, .. rows];
        int[] widths = headers.Select((_, column) => all.Max(row => row[column].Length)).ToArray();
        foreach (IReadOnlyList<string> row in all)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }
    }
}
