using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>
/// Evaluates expressions against a scope. With <c>required</c>, a missing path is an error (the JS library writes it back
/// as the text <c>${path}</c>; CxBot never shows that to a person); without it, a missing path is undefined, for tests.
/// </summary>
internal static class Evaluator
{
    /// <exception cref="ExpressionException">The expression fails (wrong types), or a path it needs is missing and <paramref name="required"/> is set.</exception>
    public static object? Evaluate(Expr expr, Scope scope, bool required) => expr switch
    {
        LiteralExpr l => l.Value,
        NegateExpr n => -n.Magnitude,
        PathExpr p => Require(p, Resolve(p, scope), required),
        CallExpr c => c.Function.Invoke(c.Args, scope, required),
        _ => throw new ExpressionException("unknown expression"),
    };

    /// <summary>Evaluates without substitution and reports failure instead of throwing.</summary>
    public static bool TryEvaluate(Expr expr, Scope scope, out object? value)
    {
        try
        {
            value = Evaluate(expr, scope, required: false);
            return true;
        }
        catch (ExpressionException)
        {
            value = Undefined.Value;
            return false;
        }
    }

    private static object? Require(PathExpr path, object? value, bool required) =>
        value is Undefined && required ? throw new ExpressionException("no value for " + path.Text) : value;

    private static object? Resolve(PathExpr path, Scope scope)
    {
        var (current, parts) = path.Head switch
        {
            "$root" => (scope.Root, path.Parts),
            "$data" => (scope.Data, path.Parts),
            "$index" => (scope.Index, path.Parts),
            "$host" => (Undefined.Value, path.Parts),
            _ => (scope.Data, (IReadOnlyList<PathPart>)[new PathPart(path.Head, false), .. path.Parts]),
        };

        foreach (var part in parts)
        {
            current = Step(current, part.Key);
        }

        return current;
    }

    private static object? Step(object? current, string key)
    {
        if (current is JsonArray array && int.TryParse(key, out var index))
        {
            return index >= 0 && index < array.Count ? JsValues.FromNode(array[index]) : Undefined.Value;
        }

        if (current is not JsonObject obj)
        {
            return Undefined.Value;
        }

        // JS looks a property up case-insensitively and takes the first match in key order.
        foreach (var (name, value) in obj)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return JsValues.FromNode(value);
            }
        }

        return Undefined.Value;
    }
}
