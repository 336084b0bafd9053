using System.Text.Json.Nodes;

namespace CxBot.Tests.Cards;

/// <summary>
/// CxBot's one difference from the JS templating library, applied to the JS library's output: where it wrote a missing
/// value back as <c>${…}</c>, the nearest object in an array (or, at the card's top level, the property) is left out.
/// Only meaningful for data that has no <c>${</c> of its own.
/// </summary>
internal static class Unbound
{
    public static JsonNode? LeaveOut(JsonNode? card)
    {
        if (card is not JsonObject root)
        {
            return card;
        }

        var result = new JsonObject();
        foreach (var (key, value) in root)
        {
            if (Strip(value) is (var kept, false))
            {
                result[key] = kept;
            }
        }

        return result;
    }

    private static (JsonNode? Node, bool Broken) Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var (kept, broken) = Strip(value);
                    if (broken)
                    {
                        return (null, true);
                    }

                    copy[key] = kept;
                }

                return (copy, false);
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    if (Strip(item) is (var kept, false))
                    {
                        items.Add(kept);
                    }
                }

                return (items, false);
            case JsonValue value when value.TryGetValue<string>(out var text):
                return (value.DeepClone(), text.Contains("${", StringComparison.Ordinal));
            default:
                return (node?.DeepClone(), false);
        }
    }
}
