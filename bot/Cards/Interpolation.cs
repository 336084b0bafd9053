namespace CxBot.Cards;

/// <summary>Splits a template string into text and <c>${…}</c> expressions.</summary>
internal static class Interpolation
{
    /// <summary>The parts, or null when the string has no <c>${</c> and is plain text.</summary>
    /// <exception cref="FormatException">An expression is unclosed or malformed, or the string uses characters the JS library would treat as escapes.</exception>
    public static List<TextPart>? Split(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        if (text.AsSpan().IndexOfAny("\\`\r\n") >= 0)
        {
            throw new FormatException("a string with \"${\" must not contain backslashes, backticks or line breaks");
        }

        var parts = new List<TextPart>();
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                parts.Add(new TextPart(text[i..], null));
                break;
            }

            if (start > i)
            {
                parts.Add(new TextPart(text[i..start], null));
            }

            var end = ClosingBrace(text, start + 2);
            parts.Add(new TextPart(null, ExpressionParser.Parse(text[(start + 2)..end])));
            i = end + 1;
        }

        return parts;
    }

    private static int ClosingBrace(string text, int from)
    {
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '}')
            {
                return i;
            }
            else if (c == '{')
            {
                break;
            }
        }

        throw new FormatException("an expression is not closed with '}'");
    }
}
