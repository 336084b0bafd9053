using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests.Cards;

/// <summary>The official JS libraries' answers for every sample, from one Node process per script per test run.</summary>
internal static class JsReference
{
    private static readonly Lazy<Task<Dictionary<string, JsonObject>>> Expanded = new(() => RunAsync(
        "tests/cards-js/expand.js",
        CardSamples.All.Select(s => new JsonObject { ["name"] = s.Key, ["template"] = s.Value.Template.DeepClone(), ["data"] = s.Value.Data.DeepClone() })));

    private static readonly Lazy<Task<Dictionary<string, JsonObject>>> Validated = new(() => RunAsync(
        "tests/cards-js/validate.js",
        ValidatedNames.Select(name => new JsonObject { ["name"] = name, ["card"] = Bound.Card(name) })));

    /// <summary>What <c>adaptivecards-templating</c> made of a sample: <c>{card}</c> or <c>{error}</c>.</summary>
    public static async Task<JsonObject> ExpandAsync(string name) => (await Expanded.Value)[name];

    /// <summary>What the <c>adaptivecards</c> SDK said about the C#-bound card: <c>{events, activityBytes}</c>.</summary>
    public static async Task<JsonObject> ValidateAsync(string name) => (await Validated.Value)[name];

    /// <summary>The names <see cref="ValidateAsync"/> answers for: every sample that is a real card (not the semantics and error ones).</summary>
    public static IEnumerable<string> ValidatedNames =>
        CardSamples.All.Keys.Where(k => !k.StartsWith("samples/semantics", StringComparison.Ordinal) && !k.StartsWith("samples/error-", StringComparison.Ordinal));

    private static async Task<Dictionary<string, JsonObject>> RunAsync(string script, IEnumerable<JsonObject> items)
    {
        var results = await NodeScript.RunAsync(script, new JsonArray([.. items]));
        return results.AsArray().Select(r => r!.AsObject()).ToDictionary(r => (string)r["name"]!);
    }
}
