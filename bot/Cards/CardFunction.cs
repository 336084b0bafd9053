namespace CxBot.Cards;

/// <summary>A built-in function (or operator) the binder knows: its arity, how it prints, and how it evaluates.</summary>
internal sealed class CardFunction(string name, string? symbol, int minArgs, int maxArgs, CardFunction.Body body)
{
    /// <summary>Evaluates the call: the arguments stay unevaluated so a function can choose how (and whether) to evaluate each.</summary>
    public delegate object? Body(IReadOnlyList<Expr> args, Scope scope, bool required);

    public string Name { get; } = name;

    /// <summary>The operator spelling (<c>==</c>, <c>&amp;&amp;</c>, <c>!</c>), if the function has one.</summary>
    public string? Symbol { get; } = symbol;

    public int MinArgs { get; } = minArgs;

    public int MaxArgs { get; } = maxArgs;

    public object? Invoke(IReadOnlyList<Expr> args, Scope scope, bool required) => body(args, scope, required);

    /// <summary>Prints a call as Adaptive Expressions does: operators as <c>(a op b)</c> or <c>!(a)</c>, functions as <c>f(a, b)</c>.</summary>
    public string Format(IReadOnlyList<string> args) => Symbol switch
    {
        null => Name + "(" + string.Join(", ", args) + ")",
        _ when args.Count == 1 => Symbol + "(" + args[0] + ")",
        _ => "(" + string.Join(" " + Symbol + " ", args) + ")",
    };
}
