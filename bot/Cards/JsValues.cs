using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>JavaScript's <c>undefined</c>: a value that is not there, as opposed to JSON null.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }
}

/// <summary>Values while binding (string, double, bool, null, <see cref="Undefined"/>, JsonObject, JsonArray) and the JS rules on them.</summary>
internal static class JsValues
{
    /// <summary>JavaScript's <c>Number.EPSILON</c>.</summary>
    private const double JsEpsilon = 2.220446049250313e-16;

    /// <summary>Reads a data node as a value; objects and arrays stay nodes.</summary>
    public static object? FromNode(JsonNode? node) => node is JsonValue value ? FromValue(value) : node;

    // Typed as object on purpose: JsonNode's implicit conversions would otherwise turn these back into nodes.
    private static object? FromValue(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => (object)value.GetValue<double>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>A detached node for the output card; data nodes are copied, never moved.</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        string s => JsonValue.Create(s),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        JsonNode n => n.DeepClone(),
        _ => null,
    };

    /// <summary>Adaptive Expressions' truthiness: only false, null and undefined are false (0 and "" are true).</summary>
    public static bool IsTrue(object? value) => value is bool b ? b : value is not (null or Undefined);

    public static bool IsNullish(object? value) => value is null or Undefined;

    /// <summary>Adaptive Expressions' <c>==</c>: null equals undefined, numbers within epsilon, deep equality for objects and arrays.</summary>
    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        _ when IsNullish(a) || IsNullish(b) => IsNullish(a) && IsNullish(b),
        (double x, double y) => Math.Abs(x - y) < JsEpsilon || x == y,
        (JsonNode x, JsonNode y) => JsonNode.DeepEquals(x, y),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        _ => false,
    };

    /// <summary>Orders two numbers or two strings (by UTF-16 code unit, as JS does).</summary>
    /// <exception cref="ExpressionException">Other pairs are not comparable.</exception>
    public static int Compare(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => x.CompareTo(y),
        (string x, string y) => Math.Sign(string.CompareOrdinal(x, y)),
        _ => throw new ExpressionException("values must be comparable"),
    };
}
