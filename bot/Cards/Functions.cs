using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>The built-in functions and operators templates may use, with the Adaptive Expressions semantics the JS library has.</summary>
internal static class Functions
{
    private static readonly CardFunction Not = new("not", "!", 1, 1, (a, s, _) => !Evaluator.TryEvaluate(a[0], s, out var v) || !JsValues.IsTrue(v));
    private static readonly CardFunction And = new("and", "&&", 1, int.MaxValue, (a, s, _) => a.All(x => Evaluator.TryEvaluate(x, s, out var v) && JsValues.IsTrue(v)));
    private static readonly CardFunction Or = new("or", "||", 1, int.MaxValue, (a, s, _) => a.Any(x => Evaluator.TryEvaluate(x, s, out var v) && JsValues.IsTrue(v)));
    private static readonly CardFunction Equal = Comparison("equals", "==", 2, _ => true, v => JsValues.AreEqual(v[0], v[1]));
    private static readonly CardFunction NotEqual = Comparison("notEquals", "!=", 2, _ => true, v => !JsValues.AreEqual(v[0], v[1]));
    private static readonly CardFunction Greater = Comparison("greater", ">", 2, NotNull, v => JsValues.Compare(v[0], v[1]) > 0);
    private static readonly CardFunction Less = Comparison("less", "<", 2, NotNull, v => JsValues.Compare(v[0], v[1]) < 0);
    private static readonly CardFunction GreaterOrEquals = Comparison("greaterOrEquals", ">=", 2, NotNull, v => JsValues.Compare(v[0], v[1]) >= 0);
    private static readonly CardFunction LessOrEquals = Comparison("lessOrEquals", "<=", 2, NotNull, v => JsValues.Compare(v[0], v[1]) <= 0);

    private static readonly FrozenDictionary<string, CardFunction> ByName = new[]
    {
        Not, And, Or, Equal, Greater, Less, GreaterOrEquals, LessOrEquals,
        Comparison("exists", null, 1, NotNull, _ => true),
        Comparison("empty", null, 1, v => v is null or Undefined or string or JsonNode, v => IsEmpty(v[0])),
        new CardFunction("if", null, 3, 3, If),
        new CardFunction("count", null, 1, 1, (a, s, req) => Evaluator.Evaluate(a[0], s, req) switch
        {
            string text => (double)text.Length,
            JsonArray array => (double)array.Count,
            JsonObject obj => (double)obj.Count,
            _ => throw new ExpressionException("count needs a string, a list or an object"),
        }),
        new CardFunction("length", null, 1, 1, (a, s, req) => Evaluator.Evaluate(a[0], s, req) switch
        {
            string text => (double)text.Length,
            Undefined => 0d,
            _ => throw new ExpressionException("length needs a string"),
        }),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, CardFunction> BySymbol = new[] { Not, And, Or, Equal, NotEqual, Greater, Less, GreaterOrEquals, LessOrEquals }
        .ToFrozenDictionary(f => f.Symbol!, StringComparer.Ordinal);

    public static CardFunction? Find(string name) => ByName.GetValueOrDefault(name);

    public static CardFunction Operator(string symbol) => BySymbol[symbol];

    public static IEnumerable<string> Names => ByName.Keys;

    private static bool NotNull(object? value) => !JsValues.IsNullish(value);

    /// <summary>Comparisons evaluate their arguments without substitution; an argument that fails or is not accepted makes the result false.</summary>
    private static CardFunction Comparison(string name, string? symbol, int arity, Func<object?, bool> accepts, Func<object?[], bool> compare) =>
        new(name, symbol, arity, arity, (args, scope, _) =>
        {
            var values = new object?[args.Count];
            for (var i = 0; i < args.Count; i++)
            {
                if (!Evaluator.TryEvaluate(args[i], scope, out values[i]) || !accepts(values[i]))
                {
                    return false;
                }
            }

            return compare(values);
        });

    private static object? If(IReadOnlyList<Expr> args, Scope scope, bool required) =>
        Evaluator.Evaluate(Evaluator.TryEvaluate(args[0], scope, out var condition) && JsValues.IsTrue(condition) ? args[1] : args[2], scope, required);

    private static bool IsEmpty(object? value) => value switch
    {
        null or Undefined => true,
        string s => s.Length == 0,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        _ => false,
    };
}
