using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Features.Scorecards;

/// <summary>Compares two team weeks figure by figure, through their JSON (so a new figure is compared without code here).</summary>
internal static class RollupDiff
{
    public static IEnumerable<RollupDifference> Compare(string teamId, TeamWeek? stored, TeamWeek recomputed)
    {
        if (stored is null)
        {
            return [new RollupDifference(teamId, "(row)", "missing", "present")];
        }

        var a = Flatten(JsonSerializer.SerializeToNode(stored, ScorecardStore.Json));
        var b = Flatten(JsonSerializer.SerializeToNode(recomputed, ScorecardStore.Json));
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => new RollupDifference(teamId, k, a.GetValueOrDefault(k) ?? "(none)", b.GetValueOrDefault(k) ?? "(none)"))
            .ToList();
    }

    private static Dictionary<string, string> Flatten(JsonNode? node)
    {
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(node, "", flat);
        return flat;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string> flat)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    Walk(v, path.Length == 0 ? k : path + "." + k, flat);
                }

                break;
            case JsonArray a:
                flat[path + ".count"] = a.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}[{i}]", flat);
                }

                break;
            case null:
                break;
            default:
                flat[path] = node.ToJsonString();
                break;
        }
    }
}
