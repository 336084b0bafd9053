using System.Globalization;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Testing;

namespace CxBot.Tests.Hardening;

/// <summary>One input of a card, as bound with its sample data: its id, type and the limits the card gives it.</summary>
internal sealed record CardInput(string Id, string Type, double? Min, double? Max, int? MaxLength, string[] Choices, string? Value);

/// <summary>One <c>Action.Execute</c> of a card, with its data and every input of the card it submits.</summary>
internal sealed record CardAction(string Card, string Verb, JsonObject Data, CardInput[] Inputs);

/// <summary>
/// Every card action the bot's templates offer, found by binding each template with its sample data (so choices and limits
/// are the ones a person sees), and the values no card could produce for each kind of input: calendar-edge dates, times that
/// do not exist, numbers past their limits, text past its length, choices not offered.
/// </summary>
internal static class CardInputs
{
    public static IReadOnlyList<CardAction> Actions(CardTemplates templates)
    {
        var actions = new List<CardAction>();
        foreach (var name in templates.Names)
        {
            var sample = Path.Combine(RepoPaths.Root, "cards", name + ".data.json");
            if (!File.Exists(sample))
            {
                continue;
            }

            JsonObject card;
            try
            {
                card = templates.Bind(name, JsonNode.Parse(File.ReadAllText(sample)));
            }
            catch (CardTemplateException)
            {
                continue;
            }

            var inputs = new List<CardInput>();
            var executes = new List<(string Verb, JsonObject Data)>();
            Walk(card, inputs, executes);
            actions.AddRange(executes.DistinctBy(e => e.Verb).Select(e => new CardAction(name, e.Verb, e.Data, [.. inputs.DistinctBy(i => i.Id)])));
        }

        return actions;
    }

    /// <summary>Values the card could never send for <paramref name="input"/>.</summary>
    public static IEnumerable<JsonNode?> OutOfRange(CardInput input)
    {
        switch (input.Type)
        {
            case "Input.Date":
                foreach (var d in new[] { "0001-01-01", "9999-12-31", "2126-01-01", "1900-02-29", "2025-02-29", "0000-00-00", "10000-01-01", "2026-13-01", "1753-01-01", "2026-12-07T23:59:59+14:00", "-2026-01-01" })
                {
                    yield return d;
                }

                break;
            case "Input.Time":
                foreach (var t in new[] { "24:00", "23:60", "-01:00", "99:99", "23:59:59.9999999", "00:00", "7" })
                {
                    yield return t;
                }

                break;
            case "Input.Number":
                foreach (var n in new[] { (input.Min ?? 0) - 1, (input.Max ?? 0) + 1, 1e308, -1e308, 1e-300, 9007199254740993d })
                {
                    yield return n.ToString("R", CultureInfo.InvariantCulture);
                }

                yield return "1e309";
                yield return "NaN";
                yield return "-Infinity";
                break;
            case "Input.Toggle":
                yield return "maybe";
                yield return "TRUE ";
                break;
            case "Input.ChoiceSet":
                yield return "not-a-choice";
                yield return string.Join(',', Enumerable.Repeat(input.Choices.FirstOrDefault() ?? "x", 500));
                yield return ",,,";
                break;
            default:
                yield return new string('x', (input.MaxLength ?? 10_000) + 1);
                yield return "   ";
                yield return "\u0000";
                break;
        }
    }

    private static void Walk(JsonNode? node, List<CardInput> inputs, List<(string, JsonObject)> executes)
    {
        switch (node)
        {
            case JsonObject o:
                var type = (o["type"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t : null;
                if (type?.StartsWith("Input.", StringComparison.Ordinal) == true && (o["id"] as JsonValue)?.TryGetValue<string>(out var id) == true)
                {
                    inputs.Add(new CardInput(id, type, Number(o["min"]), Number(o["max"]), (int?)Number(o["maxLength"]),
                        [.. (o["choices"] as JsonArray ?? []).Select(c => (c?["value"] as JsonValue)?.ToString()).OfType<string>()], (o["value"] as JsonValue)?.ToString()));
                }

                if (type == "Action.Execute" && (o["verb"] as JsonValue)?.TryGetValue<string>(out var verb) == true)
                {
                    executes.Add((verb, (o["data"] as JsonObject)?.DeepClone().AsObject() ?? []));
                }

                foreach (var child in o)
                {
                    Walk(child.Value, inputs, executes);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Walk(child, inputs, executes);
                }

                break;
        }
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<double>(out var d) || (v.TryGetValue<string>(out var s) && double.TryParse(s, CultureInfo.InvariantCulture, out d))) ? d : null;
}
