using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Tests.Cards;

/// <summary>Compares JSON by meaning: property order ignored, numbers by value; reports the first difference's path.</summary>
internal static class JsonSemantic
{
    /// <summary>Null when equal; otherwise the JSON path of the first difference.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                var keys = e.Select(p => p.Key).Union(a.Select(p => p.Key), StringComparer.Ordinal);
                return keys.Select(k => e.ContainsKey(k) && a.ContainsKey(k) ? FirstDifference(e[k], a[k], path + "." + k) : path + "." + k + " (missing on one side)")
                    .FirstOrDefault(d => d is not null);
            case (JsonArray e, JsonArray a):
                return e.Count != a.Count
                    ? $"{path} (length {e.Count} vs {a.Count})"
                    : e.Select((item, i) => FirstDifference(item, a[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            case (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number:
                return e.GetValue<double>() == a.GetValue<double>() ? null : $"{path} ({e} vs {a})";
            case (JsonValue e, JsonValue a):
                return JsonNode.DeepEquals(e, a) ? null : $"{path} ({e.ToJsonString()} vs {a.ToJsonString()})";
            default:
                return $"{path} ({expected?.ToJsonString() ?? "null"} vs {actual?.ToJsonString() ?? "null"})";
        }
    }
}
