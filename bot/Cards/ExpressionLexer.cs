using System.Globalization;

namespace CxBot.Cards;

/// <summary>One token of an expression: an identifier, a number, a quoted string or a symbol.</summary>
internal readonly record struct Token(TokenKind Kind, string Text);

/// <summary>The kinds of <see cref="Token"/>.</summary>
internal enum TokenKind
{
    Identifier,
    Number,
    String,
    Symbol,
    End,
}

/// <summary>Splits the text between <c>${</c> and <c>}</c> into tokens; anything outside the supported subset is a format error.</summary>
internal static class ExpressionLexer
{
    private static readonly string[] Symbols = ["==", "!=", "<=", ">=", "&&", "||", "(", ")", ",", ".", "[", "]", "!", "<", ">", "-"];

    /// <exception cref="FormatException">The text has a character or form the binder does not support.</exception>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == ' ')
            {
                i++;
            }
            else if (char.IsAsciiLetter(c) || c is '_' or '$')
            {
                var start = i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i]));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                var number = text[start..i];
                if (number.EndsWith('.') || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                {
                    throw new FormatException($"'{number}' is not a number");
                }

                tokens.Add(new Token(TokenKind.Number, number));
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0 || text.AsSpan(i, end - i).Contains('\\'))
                {
                    throw new FormatException("a string literal must be closed and must not use backslashes");
                }

                tokens.Add(new Token(TokenKind.String, text[(i + 1)..end]));
                i = end + 1;
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => text.AsSpan(i).StartsWith(s, StringComparison.Ordinal))
                    ?? throw new FormatException($"'{c}' is not supported in an expression");
                tokens.Add(new Token(TokenKind.Symbol, symbol));
                i += symbol.Length;
            }
        }

        tokens.Add(new Token(TokenKind.End, ""));
        return tokens;
    }
}
