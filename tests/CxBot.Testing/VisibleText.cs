using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CxBot.Testing;

/// <summary>
/// What a person sees of a message: its text and notification line, and of every Adaptive Card in it the texts, fact
/// titles and values, input labels, placeholders and typed values, choice titles and button titles; of a button's answer, the
/// card or the message it shows. Not the card's data, refresh user ids or choice values, which a person never sees.
/// <see cref="Problems"/> lists what nobody should be shown.
/// </summary>
public static partial class VisibleText
{
    private const string MessageAnswer = "application/vnd.microsoft.activity.message";

    private static readonly string[] ShownProperties = ["text", "title", "label", "placeholder", "errorMessage", "altText", "fallbackText", "summary"];

    /// <summary>The visible strings of an activity, an invoke answer, a card, or a Playground stream event, in document order.</summary>
    public static IReadOnlyList<string> Of(JsonNode? node)
    {
        var shown = new List<string>();
        Walk(node, shown, inFacts: false);
        return shown;
    }

    /// <summary>What CxBot says of a person it knows nothing about (the People feature's wording), never expected where people are named.</summary>
    public const string NotKnownYet = "not known to CxBot yet";

    /// <summary>
    /// Everything shown that a person should never see: an id (a GUID, a Teams <c>29:</c> or bot <c>28:</c> id), "someone",
    /// "A colleague", a person "not known to CxBot yet", an unbound <c>${…}</c>, a lazy "(s)" plural. Empty when the message reads right.
    /// </summary>
    public static IReadOnlyList<string> Problems(JsonNode? node) => [.. Of(node).SelectMany(ProblemsIn)];

    /// <summary>The problems of what was seen (<see cref="Of"/>), and each of <paramref name="names"/> that it does not mention.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<string> seen, params string[] names)
    {
        var shown = seen.ToList();
        var text = string.Join('\n', shown);
        return [.. shown.Count == 0 || string.IsNullOrWhiteSpace(text) ? ["nothing to read"] : Array.Empty<string>(),
            .. names.Where(n => !text.Contains(n, StringComparison.Ordinal)).Select(n => $"\"{n}\" is not named"),
            .. shown.SelectMany(ProblemsIn)];
    }

    /// <summary>The problems of one visible string.</summary>
    public static IEnumerable<string> ProblemsIn(string text)
    {
        if (Ids().IsMatch(text))
        {
            yield return $"an id is shown: \"{text}\"";
        }

        if (text.Contains(NotKnownYet, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"a person without a name: \"{text}\"";
        }

        if (Someone().Matches(text).Any(m => !GenericSomeone().IsMatch(text[..(m.Index + m.Length)])))
        {
            yield return $"\"someone\" instead of a name: \"{text}\"";
        }

        if (text.Contains("A colleague", StringComparison.Ordinal))
        {
            yield return $"\"A colleague\" instead of a name: \"{text}\"";
        }

        if (text.Contains("${", StringComparison.Ordinal))
        {
            yield return $"an unbound template expression: \"{text}\"";
        }

        if (text.Contains("(s)", StringComparison.Ordinal))
        {
            yield return $"a lazy plural: \"{text}\"";
        }
    }

    private static void Walk(JsonNode? node, List<string> shown, bool inFacts)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    // Data travels with actions and inputs but is never drawn; refresh and msteams carry ids for Teams itself.
                    if (name is "data" or "refresh" or "msteams" or "entities" or "choices.data" or "from" or "recipient" or "conversation" or "channelData")
                    {
                        continue;
                    }

                    if (value is JsonValue v && v.TryGetValue<string>(out var s) && (ShownProperties.Contains(name) || (name == "value" && (inFacts || ShowsValue(o)))))
                    {
                        shown.Add(s);
                    }
                    else
                    {
                        Walk(value, shown, inFacts: name == "facts");
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Walk(item, shown, inFacts);
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{'):
                // A Playground stream event or an invoke answer may carry a card as a JSON string.
                try
                {
                    Walk(JsonNode.Parse(text), shown, inFacts);
                }
                catch (System.Text.Json.JsonException)
                {
                }

                break;
        }
    }

    /// <summary>
    /// A typed input shows its value in the box; a button's answer that is a message
    /// (<c>{"type":"application/vnd.microsoft.activity.message","value":"…"}</c>) is that value. A choice set's value is hidden.
    /// </summary>
    private static bool ShowsValue(JsonObject o) =>
        o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type is MessageAnswer or "Input.Text" or "Input.Number" or "Input.Date" or "Input.Time";

    /// <summary>A GUID, or a Teams or bot id (<c>29:…</c>, <c>28:…</c>, <c>8:orgid:…</c>).</summary>
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b(29|28):[0-9A-Za-z_-]{6,}|8:orgid:")]
    private static partial Regex Ids();

    [GeneratedRegex("\\bsomeone\\b", RegexOptions.IgnoreCase)]
    private static partial Regex Someone();

    /// <summary>"Pick someone", "add someone": a verb's generic object on a hint, not a person left unnamed (buttons that thank say "a colleague").</summary>
    [GeneratedRegex("\\b(pick|choose|find|add|invite)\\s+someone$", RegexOptions.IgnoreCase)]
    private static partial Regex GenericSomeone();
}
