using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>Evaluates expressions against a scope. With <c>substitute</c>, a missing path becomes the text <c>${path}</c>, as in the JS library.</summary>
internal static class Evaluator
{
    /// <exception cref="ExpressionException">The expression fails (wrong types); callers handle it as the JS library does.</exception>
    public static object? Evaluate(Expr expr, Scope scope, bool substitute) => expr switch
    {
        LiteralExpr l => l.Value,
        NegateExpr n => -n.Magnitude,
        PathExpr p => Substitute(p, Resolve(p, scope), substitute),
        CallExpr c => c.Function.Invoke(c.Args, scope, substitute),
        _ => throw new ExpressionException("unknown expression"),
    };

    /// <summary>Evaluates without substitution and reports failure instead of throwing.</summary>
    public static bool TryEvaluate(Expr expr, Scope scope, out object? value)
    {
        try
        {
            value = Evaluate(expr, scope, substitute: false);
            return true;
        }
        catch (ExpressionException)
        {
            value = Undefined.Value;
            return false;
        }
    }

    private static object? Substitute(PathExpr path, object? value, bool substitute) =>
        value is Undefined && substitute ? "${" + path.Text + "}" : value;

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
