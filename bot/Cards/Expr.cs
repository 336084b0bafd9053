namespace CxBot.Cards;

/// <summary>A parsed template expression: the subset of the Adaptive Expressions language our templates use.</summary>
internal abstract record Expr
{
    /// <summary>True for a bare literal; the JS library turns a whole-string literal into text, not a typed value.</summary>
    public virtual bool IsConstant => false;
}

/// <summary>A literal: a string, a number, true, false or null.</summary>
internal sealed record LiteralExpr(object? Value) : Expr
{
    public override bool IsConstant => true;

    public override string ToString() => Value is string s ? "'" + s + "'" : JsText.ToText(Value);
}

/// <summary>A negative number literal; the JS library parses it as <c>0 - n</c>, so it keeps its type.</summary>
internal sealed record NegateExpr(double Magnitude) : Expr
{
    public override string ToString() => "(0 - " + JsText.Number(Magnitude) + ")";
}

/// <summary>A data path such as <c>$root.items[0].name</c>; <see cref="Text"/> is what a missing value turns into.</summary>
internal sealed record PathExpr(string Head, IReadOnlyList<PathPart> Parts) : Expr
{
    public string Text { get; } = Head + string.Concat(Parts.Select(p => p.ToString()));

    public override string ToString() => Text;
}

/// <summary>One step of a path: a name, an integer index or a quoted key.</summary>
internal sealed record PathPart(string Key, bool Bracketed)
{
    public bool IsIndex => Bracketed && int.TryParse(Key, out _);

    public override string ToString() => !Bracketed ? "." + Key : IsIndex ? "[" + Key + "]" : "['" + Key + "']";
}

/// <summary>A built-in function or operator applied to its arguments.</summary>
internal sealed record CallExpr(CardFunction Function, IReadOnlyList<Expr> Args) : Expr
{
    public override string ToString() => Function.Format(Args.Select(a => a.ToString()).ToList());
}
