using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests;

/// <summary>
/// The text a person reads in a message or card (style habit 13), through <see cref="VisibleText"/>: its text and notification
/// line, and a card's visible strings, not ids carried in action data, refresh lists or mention entities.
/// </summary>
internal static class WhatPeopleSee
{
    /// <summary>What an outgoing activity shows: its text, its notification line and each card's visible strings.</summary>
    public static IReadOnlyList<string> InActivity(JsonNode activity) => VisibleText.Of(activity);

    /// <summary>A card's visible strings.</summary>
    public static IReadOnlyList<string> InCard(JsonNode? card) => VisibleText.Of(card);

    /// <summary>
    /// The text names every one of <paramref name="names"/> and shows no id, no placeholder for a person ("A colleague",
    /// "someone", "not known to CxBot yet"), no "(s)" plural and no unbound <c>${…}</c>.
    /// </summary>
    public static void AssertReadable(IEnumerable<string> seen, params string[] names)
    {
        var problems = VisibleText.Problems(seen, names);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
