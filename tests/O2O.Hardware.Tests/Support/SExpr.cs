using System.Globalization;
using System.Text;

namespace O2O.Hardware.Tests.Support;

/// <summary>One S-expression node: an atom (quoted string or bare token) or a list.</summary>
public sealed class SExpr
{
    private SExpr(string? atom, List<SExpr>? items, bool quoted)
    {
        Atom = atom;
        Items = items ?? [];
        Quoted = quoted;
    }

    public string? Atom { get; }
    public bool Quoted { get; }
    public List<SExpr> Items { get; }
    public bool IsList => Atom is null;

    /// <summary>The keyword of a list: "(wire ...)" is "wire".</summary>
    public string Head => IsList && Items.Count > 0 && Items[0].Atom is { } a ? a : "";

    public string this[int index] => Items[index].Atom ?? throw new FormatException($"({Head}) item {index} is a list");

    public IEnumerable<SExpr> Children(string head) => Items.Where(i => i.IsList && i.Head == head);

    public SExpr? Child(string head) => Children(head).FirstOrDefault();

    public SExpr Required(string head) => Child(head) ?? throw new FormatException($"({Head}) has no ({head})");

    public double Number(int index) => double.Parse(this[index], NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A property value by name: (property "Reference" "R1" ...).</summary>
    public string? Property(string name) =>
        Children("property").FirstOrDefault(p => p.Items.Count > 2 && p[1] == name) is { } p ? p[2] : null;

    public static SExpr Parse(string text)
    {
        int pos = 0;
        SkipSpace(text, ref pos);
        SExpr root = ReadNode(text, ref pos);
        SkipSpace(text, ref pos);
        if (pos != text.Length) throw new FormatException($"trailing text at {pos}");
        return root;
    }

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private static SExpr ReadNode(string text, ref int pos)
    {
        if (pos >= text.Length) throw new FormatException("unexpected end of input");
        char c = text[pos];
        if (c == '(')
        {
            pos++;
            var items = new List<SExpr>();
            while (true)
            {
                SkipSpace(text, ref pos);
                if (pos >= text.Length) throw new FormatException("unbalanced '('");
                if (text[pos] == ')')
                {
                    pos++;
                    return new SExpr(null, items, false);
                }
                items.Add(ReadNode(text, ref pos));
            }
        }
        if (c == ')') throw new FormatException($"unexpected ')' at {pos}");
        if (c == '"')
        {
            pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (pos >= text.Length) throw new FormatException("unterminated string");
                char ch = text[pos++];
                if (ch == '"') break;
                if (ch == '\\' && pos < text.Length)
                {
                    char esc = text[pos++];
                    sb.Append(esc switch { 'n' => '\n', 't' => '\t', _ => esc });
                }
                else
                {
                    sb.Append(ch);
                }
            }
            return new SExpr(sb.ToString(), null, true);
        }
        int start = pos;
        while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && text[pos] != '(' && text[pos] != ')' && text[pos] != '"') pos++;
        return new SExpr(text[start..pos], null, false);
    }
}
