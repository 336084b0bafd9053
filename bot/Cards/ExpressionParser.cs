using System.Globalization;

namespace CxBot.Cards;

/// <summary>Parses one expression (the text inside <c>${…}</c>) with Adaptive Expressions precedence: <c>||</c>, <c>&amp;&amp;</c>, comparisons, equality, <c>!</c>.</summary>
internal sealed class ExpressionParser
{
    private static readonly string[] Scopes = ["$root", "$data", "$index", "$host"];
    private static readonly string[][] Levels = [["||"], ["&&"], ["<", "<=", ">", ">="], ["==", "!="]];

    private readonly List<Token> _tokens;
    private int _position;

    private ExpressionParser(string text) => _tokens = ExpressionLexer.Tokenize(text);

    /// <exception cref="FormatException">The expression is malformed or uses something outside the supported subset.</exception>
    public static Expr Parse(string text)
    {
        var parser = new ExpressionParser(text);
        var expr = parser.Binary(0);
        return parser.Peek.Kind == TokenKind.End ? expr : throw new FormatException($"unexpected '{parser.Peek.Text}'");
    }

    private Token Peek => _tokens[_position];

    private Token Next() => _tokens[_position++];

    private bool Accept(string symbol)
    {
        if (Peek.Kind != TokenKind.Symbol || Peek.Text != symbol)
        {
            return false;
        }

        _position++;
        return true;
    }

    private void Expect(string symbol)
    {
        if (!Accept(symbol))
        {
            throw new FormatException($"expected '{symbol}' but found '{Peek.Text}'");
        }
    }

    private Expr Binary(int level)
    {
        if (level == Levels.Length)
        {
            return Unary();
        }

        var left = Binary(level + 1);
        while (Peek.Kind == TokenKind.Symbol && Levels[level].Contains(Peek.Text))
        {
            var function = Functions.Operator(Next().Text);
            left = new CallExpr(function, [left, Binary(level + 1)]);
        }

        return left;
    }

    private Expr Unary()
    {
        if (Accept("!"))
        {
            return new CallExpr(Functions.Operator("!"), [Unary()]);
        }

        if (Accept("-"))
        {
            var token = Next();
            return token.Kind == TokenKind.Number
                ? new NegateExpr(double.Parse(token.Text, CultureInfo.InvariantCulture))
                : throw new FormatException("'-' is only supported before a number");
        }

        return Primary();
    }

    private Expr Primary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Number:
                return new LiteralExpr(double.Parse(token.Text, CultureInfo.InvariantCulture));
            case TokenKind.String:
                return new LiteralExpr(token.Text);
            case TokenKind.Symbol when token.Text == "(":
                var inner = Binary(0);
                Expect(")");
                return inner;
            case TokenKind.Identifier when token.Text is "true" or "false":
                return new LiteralExpr(token.Text == "true");
            case TokenKind.Identifier when token.Text == "null":
                return new LiteralExpr(null);
            case TokenKind.Identifier when Peek.Text == "(" && Peek.Kind == TokenKind.Symbol:
                return Call(token.Text);
            case TokenKind.Identifier:
                return Path(token.Text);
            default:
                throw new FormatException($"unexpected '{token.Text}'");
        }
    }

    private CallExpr Call(string name)
    {
        var function = Functions.Find(name) ?? throw new FormatException($"unknown function '{name}' (supported: {string.Join(", ", Functions.Names)})");
        Expect("(");
        var args = new List<Expr>();
        if (!Accept(")"))
        {
            do
            {
                args.Add(Binary(0));
            }
            while (Accept(","));
            Expect(")");
        }

        return args.Count >= function.MinArgs && args.Count <= function.MaxArgs
            ? new CallExpr(function, args)
            : throw new FormatException($"{name} does not take {args.Count} argument(s)");
    }

    private PathExpr Path(string head)
    {
        if (head.StartsWith('$') && !Scopes.Contains(head))
        {
            throw new FormatException($"unknown scope '{head}' (supported: {string.Join(", ", Scopes)})");
        }

        var parts = new List<PathPart>();
        while (true)
        {
            if (Accept("."))
            {
                var name = Next();
                parts.Add(name.Kind == TokenKind.Identifier ? new PathPart(name.Text, false) : throw new FormatException("expected a name after '.'"));
            }
            else if (Accept("["))
            {
                var key = Next();
                var valid = key.Kind == TokenKind.String || key.Kind == TokenKind.Number && !key.Text.Contains('.', StringComparison.Ordinal);
                parts.Add(valid ? new PathPart(key.Text, true) : throw new FormatException("an index must be a whole number or a quoted key"));
                Expect("]");
            }
            else
            {
                break;
            }
        }

        return parts.Count == 0 || !parts[^1].Bracketed
            ? new PathExpr(head, parts)
            : throw new FormatException("a path must end in a name, not an index");
    }
}
