using Microsoft.CodeAnalysis.Text;

namespace O2O.DeviceGuard.Tests.Infrastructure;

/// <summary>
/// Samples mark where a diagnostic is expected with [| and |]: "var x = [|new { A = 1 }|];".
/// The markers are stripped before compiling.
/// </summary>
internal sealed record Markup(string Source, IReadOnlyList<TextSpan> Spans)
{
    internal static Markup Parse(string markup)
    {
        var source = new System.Text.StringBuilder();
        var spans = new List<TextSpan>();
        var openAt = new Stack<int>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup.AsSpan(i).StartsWith("[|"))
            {
                openAt.Push(source.Length);
                i++;
            }
            else if (markup.AsSpan(i).StartsWith("|]"))
            {
                int start = openAt.Pop();
                spans.Add(TextSpan.FromBounds(start, source.Length));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        Assert.Empty(openAt);
        return new Markup(source.ToString(), spans);
    }
}
