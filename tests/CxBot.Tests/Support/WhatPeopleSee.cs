using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.People;

namespace CxBot.Tests;

/// <summary>
/// The text a person reads in a message or card (style habit 13): its text and notification line, and a card's visible
/// strings (text, titles, labels, facts, choice titles), not ids carried in action data, refresh lists or mention entities.
/// </summary>
internal static partial class WhatPeopleSee
{
    private static readonly string[] Visible = ["text", "title", "label", "placeholder", "errorMessage", "altText"];
    private static readonly string[] Hidden = ["data", "refresh", "msteams", "choices.data", "$data"];

    /// <summary>What an outgoing activity shows: its text, its notification line and each card's visible strings.</summary>
    public static IReadOnlyList<string> InActivity(JsonNode activity) =>
        [.. new[] { (string?)activity["text"], (string?)activity["summary"] }.OfType<string>(),
            .. (activity["attachments"]?.AsArray() ?? new JsonArray()).SelectMany(a => InCard(a!["content"]))];

    /// <summary>A card's visible strings.</summary>
    public static IReadOnlyList<string> InCard(JsonNode? card) => [.. Walk(card)];

    /// <summary>
    /// The text names every one of <paramref name="names"/> and shows no id (GUID or Teams id), no placeholder for a person
    /// ("A colleague", "someone", "not known yet"), no "(s)" plural and no unbound <c>${…}</c>.
    /// </summary>
    public static void AssertReadable(IEnumerable<string> seen, params string[] names)
    {
        var text = string.Join("\n", seen);
        Assert.False(string.IsNullOrWhiteSpace(text), "nothing to read");
        foreach (var name in names)
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(Ids(), text);
        Assert.DoesNotContain("A colleague", text, StringComparison.Ordinal);
        Assert.DoesNotContain("someone", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(NameBook.NotKnownYet, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("(s)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("${", text, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Walk(JsonNode? node) => node switch
    {
        JsonArray a => a.SelectMany(Walk),
        JsonObject o => o.SelectMany<KeyValuePair<string, JsonNode?>, string>(p =>
            Hidden.Contains(p.Key) ? []
            : p.Key == "facts" && p.Value is JsonArray facts ? facts.SelectMany(f => Strings(f, "title", "value"))
            : p.Key == "choices" && p.Value is JsonArray choices ? choices.SelectMany(c => Strings(c, "title"))
            : p.Value is JsonValue v ? (Visible.Contains(p.Key) && v.TryGetValue<string>(out var s) ? [s] : [])
            : Walk(p.Value)),
        _ => [],
    };

    private static IEnumerable<string> Strings(JsonNode? node, params string[] keys) =>
        keys.Select(k => node?[k] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>();

    /// <summary>A GUID, or a Teams or bot id (<c>29:…</c>, <c>28:…</c>, <c>8:orgid:…</c>).</summary>
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b(29|28):[0-9A-Za-z_-]{6,}|8:orgid:")]
    private static partial Regex Ids();
}
