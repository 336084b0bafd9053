using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CxBot.Tests.Features.Incidents;

/// <summary>Reads what a person sees on an incident card or list: its buttons in order, the reference it names.</summary>
internal static partial class IncidentCardReading
{
    /// <summary>
    /// The card's buttons in the order a person sees them (every action set, top to bottom; not those inside a shown card), with
    /// their style: <c>Acknowledge (positive) | Assign | …</c>; empty when there are none.
    /// </summary>
    public static string Buttons(string card) =>
        string.Join(" | ", Sets(JsonNode.Parse(card)!).SelectMany(s => s["actions"]!.AsArray()).Select(a => (string)a!["title"]! + (a["style"] is { } style ? $" ({style})" : "")));

    /// <summary>The action with this title (its verb and data), anywhere on the card.</summary>
    public static JsonObject Action(string card, string title) =>
        Sets(JsonNode.Parse(card)!).SelectMany(s => s["actions"]!.AsArray()).OfType<JsonObject>().Single(a => (string?)a["title"] == title);

    public static string Reference(string text) => ReferencePattern().Match(text).Value;

    public static IEnumerable<string> References(string text) => ReferencePattern().Matches(text).Select(m => m.Value).Distinct();

    private static IEnumerable<JsonObject> Sets(JsonNode node) => node switch
    {
        JsonObject o when (string?)o["type"] == "ActionSet" => [o],
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Sets(p.Value)),
        JsonArray a => a.SelectMany(e => e is null ? [] : Sets(e)),
        _ => [],
    };

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex ReferencePattern();
}
