using System.Text;
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

    /// <summary>
    /// What <paramref name="person"/> got in one message, card or card update that is wrong: an id, a placeholder for a person,
    /// an unbound <c>${…}</c>, or one of <paramref name="names"/> missing. Each line starts with the person, then what they were shown.
    /// </summary>
    public static IReadOnlyList<string> ProblemsOf(string person, JsonNode received, params string[] names)
    {
        var seen = VisibleText.Of(received);
        var problems = VisibleText.Problems(seen, names);
        return problems.Count == 0 ? [] : [$"{person}, {Where(received)}: {string.Join("; ", problems)}\n    shown: {string.Join(" | ", seen)}"];
    }

    /// <summary>
    /// Every problem in what each person's Playground received: every stream event (each message, card and card update the bot
    /// sent them) and every invoke answer (the card a button press put in place), one line per problem, naming the person.
    /// </summary>
    public static IReadOnlyList<string> ProblemsInEverything(params (string Person, PlaygroundServer Playground)[] people)
    {
        var found = new List<string>();
        foreach (var (person, playground) in people)
        {
            var received = playground.Seen.Select((e, i) => (Where: $"{Where(e)} (stream #{i + 1})", Node: e))
                .Concat(playground.Answers.Select((a, i) => (Where: $"button answer #{i + 1}", Node: a)));
            foreach (var (where, node) in received)
            {
                found.AddRange(VisibleText.Problems(node).Select(p => $"{person}, {where}: {p}"));
            }
        }

        return found;
    }

    /// <summary>
    /// Nothing any of <paramref name="people"/> received through their Playground shows an id, a placeholder for a person
    /// ("someone", "A colleague", "not known to CxBot yet"), an unbound <c>${…}</c> or a "(s)" plural. Every Playground
    /// end-to-end test ends with this; on failure it prints each offending text per person.
    /// </summary>
    public static void AssertEverythingReadable(params (string Person, PlaygroundServer Playground)[] people)
    {
        var problems = ProblemsInEverything(people);
        Assert.True(problems.Count == 0, Report(problems));
    }

    /// <summary>The failure message for <paramref name="problems"/>, one per line.</summary>
    public static string Report(IEnumerable<string> problems)
    {
        var report = new StringBuilder("What people were shown that nobody should see:\n");
        foreach (var problem in problems)
        {
            report.Append("  ").AppendLine(problem);
        }

        return report.ToString();
    }

    /// <summary>"createMessage in personal-chat-adele", or "a button answer".</summary>
    private static string Where(JsonNode received) =>
        received["action"]?.ToString() is { } action ? $"{action} in {received["actionConversationId"]}" : "a button answer";
}
