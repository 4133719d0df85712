using System;
using System.Collections.Generic;

namespace O2O.DeviceGuard.Surface
{
    /// <summary>
    /// Reads nanoframework-api-surface.txt: "##### ASSEMBLY" section lines, type header lines at column 0
    /// ("sealed class System.Text.StringBuilder : System.Object") and member lines indented by four spaces
    /// ("StringBuilder Append(string value)"). The text is C# shorthand, so this is a small tolerant parser,
    /// not a C# parser: it only needs names, parameter lists and whether a property can be written.
    /// </summary>
    internal static class SurfaceParser
    {
        private static readonly string[] TypeKinds = { "class", "struct", "interface", "enum", "delegate" };

        private static readonly HashSet<string> Modifiers = new HashSet<string>(StringComparer.Ordinal)
        {
            "static", "readonly", "const", "virtual", "override", "abstract", "protected", "sealed", "new",
            "invoke", "extern", "unsafe", "public", "internal", "volatile", "ref", "partial",
        };

        internal static IEnumerable<SurfaceType> Parse(string text)
        {
            SurfaceType? current = null;
            foreach (string rawLine in text.Split('\n'))
            {
                string line = rawLine.TrimEnd('\r');
                if (line.Trim().Length == 0 || line.StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!char.IsWhiteSpace(line[0]))
                {
                    if (current != null)
                    {
                        yield return current;
                    }

                    current = ParseTypeHeader(line);
                    continue;
                }

                SurfaceMember? member = current == null ? null : ParseMember(line.Trim(), current);
                if (member != null)
                {
                    current!.Add(member);
                }
            }

            if (current != null)
            {
                yield return current;
            }
        }

        /// <summary>"System.Action&lt;T1, T2&gt;" becomes "System.Action`2", "int" becomes "System.Int32".</summary>
        internal static string TypeKeyOfWrittenName(string writtenName)
        {
            string name = writtenName.Trim();
            int genericStart = name.IndexOf('<');
            if (genericStart < 0)
            {
                return TypeNames.QualifyKeyword(name);
            }

            int arity = SplitTopLevel(name.Substring(genericStart + 1, name.Length - genericStart - 2), ',').Count;
            return name.Substring(0, genericStart) + "`" + arity;
        }

        private static SurfaceType? ParseTypeHeader(string line)
        {
            List<string> baseText = SplitTopLevel(line, ':');
            string head = baseText[0].Trim();
            foreach (string kind in TypeKinds)
            {
                int at = IndexOfWord(head, kind);
                if (at < 0)
                {
                    continue;
                }

                string name = head.Substring(at + kind.Length).Trim();
                var baseKeys = new List<string>();
                if (baseText.Count > 1)
                {
                    foreach (string baseName in SplitTopLevel(baseText[1], ','))
                    {
                        baseKeys.Add(TypeKeyOfWrittenName(baseName));
                    }
                }

                return new SurfaceType(TypeKeyOfWrittenName(name), kind, baseKeys);
            }

            return null;
        }

        private static SurfaceMember? ParseMember(string line, SurfaceType owner)
        {
            string signature = line;
            string text = StripLeadingAttributes(line);
            if (owner.Kind == "enum")
            {
                return Field(LastIdentifier(Before(text, '=')), hasSetter: false, signature);
            }

            text = StripModifiers(text, out bool isConstOrReadonly);
            if (text.StartsWith("event ", StringComparison.Ordinal))
            {
                return new SurfaceMember(LastIdentifier(text), SurfaceMemberKind.Event, Array.Empty<SurfaceParameter>(), null, true, signature);
            }

            if (IndexOfWord(text, "operator") >= 0)
            {
                return ParseOperator(text, signature);
            }

            int paren = IndexOfOutsideQuotes(text, '(');
            int equals = IndexOfOutsideQuotes(text, '=');
            int brace = IndexOfOutsideQuotes(text, '{');
            int indexer = text.IndexOf("this[", StringComparison.Ordinal);
            if (indexer >= 0 && brace > indexer)
            {
                string parameters = Between(text, indexer + 4, '[', ']');
                return new SurfaceMember("this[]", SurfaceMemberKind.Indexer, ParseParameters(parameters), null, HasSetter(text, brace), signature);
            }

            if (paren >= 0 && (equals < 0 || paren < equals) && (brace < 0 || paren < brace))
            {
                return ParseMethod(text, paren, owner, signature);
            }

            if (brace >= 0)
            {
                string name = LastIdentifier(text.Substring(0, brace));
                return new SurfaceMember(name, SurfaceMemberKind.Property, Array.Empty<SurfaceParameter>(), null, HasSetter(text, brace), signature);
            }

            return Field(LastIdentifier(Before(text, '=')), hasSetter: !isConstOrReadonly, signature);
        }

        private static SurfaceMember ParseMethod(string text, int paren, SurfaceType owner, string signature)
        {
            string head = text.Substring(0, paren).TrimEnd();
            if (head.EndsWith(">", StringComparison.Ordinal))
            {
                // Generic method: drop the type parameter list before taking the name.
                head = head.Substring(0, MatchingOpen(head, head.Length - 1, '<', '>')).TrimEnd();
            }

            string name = LastIdentifier(head);
            string returnType = head.Substring(0, head.Length - name.Length).Trim();
            IReadOnlyList<SurfaceParameter> parameters = ParseParameters(Between(text, paren, '(', ')'));
            bool isConstructor = returnType.Length == 0 && name == SimpleMetadataName(owner.Key);
            return isConstructor
                ? new SurfaceMember(".ctor", SurfaceMemberKind.Constructor, parameters, null, false, signature)
                : new SurfaceMember(name, SurfaceMemberKind.Method, parameters, TypeNames.SimpleNameOfWrittenType(returnType), false, signature);
        }

        private static SurfaceMember? ParseOperator(string text, string signature)
        {
            int at = IndexOfWord(text, "operator");
            int paren = text.IndexOf('(', at);
            if (paren < 0)
            {
                return null;
            }

            string token = text.Substring(at + "operator".Length, paren - at - "operator".Length).Trim();
            IReadOnlyList<SurfaceParameter> parameters = ParseParameters(Between(text, paren, '(', ')'));
            string before = text.Substring(0, at).Trim();
            if (before == "implicit" || before == "explicit")
            {
                // Conversion operators: the target type is written where an operator token would be.
                string conversionName = before == "implicit" ? "op_Implicit" : "op_Explicit";
                return new SurfaceMember(conversionName, SurfaceMemberKind.Operator, parameters, TypeNames.SimpleNameOfWrittenType(token), false, signature);
            }

            string? metadataName = OperatorNames.MetadataName(token, parameters.Count);
            return metadataName == null
                ? null
                : new SurfaceMember(metadataName, SurfaceMemberKind.Operator, parameters, TypeNames.SimpleNameOfWrittenType(before), false, signature);
        }

        private static IReadOnlyList<SurfaceParameter> ParseParameters(string text)
        {
            if (text.Trim().Length == 0)
            {
                return Array.Empty<SurfaceParameter>();
            }

            var parameters = new List<SurfaceParameter>();
            foreach (string part in SplitTopLevel(text, ','))
            {
                int equals = IndexOfOutsideQuotes(part, '=');
                string declaration = (equals >= 0 ? part.Substring(0, equals) : part).Trim();
                bool isParams = false;
                foreach (string modifier in new[] { "this ", "params ", "ref ", "out ", "in ", "scoped ", "readonly " })
                {
                    while (declaration.StartsWith(modifier, StringComparison.Ordinal))
                    {
                        isParams |= modifier == "params ";
                        declaration = declaration.Substring(modifier.Length).TrimStart();
                    }
                }

                int lastSpace = LastTopLevelSpace(declaration);
                string typeText = lastSpace > 0 ? declaration.Substring(0, lastSpace) : declaration;
                parameters.Add(new SurfaceParameter(TypeNames.SimpleNameOfWrittenType(typeText), equals >= 0, isParams));
            }

            return parameters;
        }

        private static SurfaceMember Field(string name, bool hasSetter, string signature)
        {
            return new SurfaceMember(name, SurfaceMemberKind.Field, Array.Empty<SurfaceParameter>(), null, hasSetter, signature);
        }

        private static bool HasSetter(string text, int brace)
        {
            string accessors = text.Substring(brace);
            return accessors.Contains("set;") || accessors.Contains("init;");
        }

        private static string SimpleMetadataName(string typeKey)
        {
            string name = typeKey.Substring(typeKey.LastIndexOf('.') + 1);
            int tick = name.IndexOf('`');
            return tick >= 0 ? name.Substring(0, tick) : name;
        }

        private static string StripLeadingAttributes(string text)
        {
            while (text.StartsWith("[", StringComparison.Ordinal))
            {
                int close = text.IndexOf(']');
                if (close < 0)
                {
                    break;
                }

                text = text.Substring(close + 1).TrimStart();
            }

            return text;
        }

        private static string StripModifiers(string text, out bool isConstOrReadonly)
        {
            isConstOrReadonly = false;
            while (true)
            {
                int space = text.IndexOf(' ');
                if (space <= 0 || !Modifiers.Contains(text.Substring(0, space)))
                {
                    return text;
                }

                string modifier = text.Substring(0, space);
                isConstOrReadonly |= modifier == "const" || modifier == "readonly";
                text = text.Substring(space + 1).TrimStart();
            }
        }

        private static string Before(string text, char separator)
        {
            int at = IndexOfOutsideQuotes(text, separator);
            return at >= 0 ? text.Substring(0, at) : text;
        }

        private static string LastIdentifier(string text)
        {
            string trimmed = text.TrimEnd(' ', ';');
            int start = trimmed.Length;
            while (start > 0 && (char.IsLetterOrDigit(trimmed[start - 1]) || trimmed[start - 1] == '_'))
            {
                start--;
            }

            return trimmed.Substring(start);
        }

        /// <summary>Text between the bracket at or after <paramref name="from"/> and its matching close.</summary>
        private static string Between(string text, int from, char open, char close)
        {
            int start = text.IndexOf(open, from);
            int depth = 0;
            for (int i = start; i < text.Length; i++)
            {
                if (text[i] == open)
                {
                    depth++;
                }
                else if (text[i] == close && --depth == 0)
                {
                    return text.Substring(start + 1, i - start - 1);
                }
            }

            return text.Substring(start + 1);
        }

        private static int MatchingOpen(string text, int closeIndex, char open, char close)
        {
            int depth = 0;
            for (int i = closeIndex; i >= 0; i--)
            {
                if (text[i] == close)
                {
                    depth++;
                }
                else if (text[i] == open && --depth == 0)
                {
                    return i;
                }
            }

            return 0;
        }

        private static int IndexOfWord(string text, string word)
        {
            int at = 0;
            while ((at = text.IndexOf(word, at, StringComparison.Ordinal)) >= 0)
            {
                bool startsWord = at == 0 || text[at - 1] == ' ';
                bool endsWord = at + word.Length == text.Length || text[at + word.Length] == ' ';
                if (startsWord && endsWord)
                {
                    return at;
                }

                at += word.Length;
            }

            return -1;
        }

        private static int IndexOfOutsideQuotes(string text, char wanted)
        {
            char quote = '\0';
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quote != '\0')
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == quote)
                    {
                        quote = '\0';
                    }
                }
                else if (c == '"' || c == '\'')
                {
                    quote = c;
                }
                else if (c == wanted)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int LastTopLevelSpace(string text)
        {
            int depth = 0;
            for (int i = text.Length - 1; i >= 0; i--)
            {
                char c = text[i];
                if (c == '>' || c == ']' || c == ')')
                {
                    depth++;
                }
                else if (c == '<' || c == '[' || c == '(')
                {
                    depth--;
                }
                else if (c == ' ' && depth == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Splits on <paramref name="separator"/> outside brackets and quotes.</summary>
        private static List<string> SplitTopLevel(string text, char separator)
        {
            var parts = new List<string>();
            int depth = 0;
            int start = 0;
            char quote = '\0';
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quote != '\0')
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                switch (c)
                {
                    case '"':
                    case '\'':
                        quote = c;
                        break;
                    case '<':
                    case '(':
                    case '[':
                        depth++;
                        break;
                    case '>':
                    case ')':
                    case ']':
                        depth--;
                        break;
                    default:
                        if (c == separator && depth == 0)
                        {
                            parts.Add(text.Substring(start, i - start));
                            start = i + 1;
                        }

                        break;
                }
            }

            parts.Add(text.Substring(start));
            return parts;
        }
    }
}
