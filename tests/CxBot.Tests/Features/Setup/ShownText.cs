using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CxBot.Tests.Features.Setup;

/// <summary>
/// What a person reads on a card: text, titles (of choices, facts and buttons), labels, placeholders, error messages and fact
/// values; never a choice's value, which is data sent back to the bot.
/// </summary>
internal static partial class ShownText
{
    private static readonly string[] Shown = ["text", "title", "label", "placeholder", "errorMessage"];

    public static string Of(JsonNode card) => string.Join("\n", Lines(card, inFacts: false));

    /// <summary>Fails when the card shows an id, "someone" or an unbound <c>${…}</c>.</summary>
    public static void AssertReadable(string shown)
    {
        Assert.DoesNotMatch(GuidShaped(), shown);
        Assert.DoesNotContain("someone", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("${", shown, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Lines(JsonNode? node, bool inFacts) => node switch
    {
        JsonObject o => o.SelectMany(p => Shown.Contains(p.Key) || (inFacts && p.Key == "value")
            ? p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : []
            : Lines(p.Value, p.Key == "facts")),
        JsonArray a => a.SelectMany(n => Lines(n, inFacts)),
        _ => [],
    };

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GuidShaped();
}
