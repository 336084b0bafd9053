using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Features.Scorecards;

/// <summary>
/// Compares two team weeks figure by figure, through their JSON (so a new figure is compared without code here). Numbers are
/// equal when they differ by at most <see cref="Tolerance"/> of the larger (at least 1): sums of decimal answers added in
/// another order (1019.9 against 1019.9000000000001) are the same figure, a changed count or cost is not.
/// </summary>
internal static class RollupDiff
{
    /// <summary>The relative tolerance of a number's comparison: one part in a billion.</summary>
    public const double Tolerance = 1e-9;

    public static IEnumerable<RollupDifference> Compare(string teamId, TeamWeek? stored, TeamWeek recomputed)
    {
        if (stored is null)
        {
            return [new RollupDifference(teamId, "(row)", "missing", "present")];
        }

        var a = Flatten(JsonSerializer.SerializeToNode(stored, ScorecardStore.Json));
        var b = Flatten(JsonSerializer.SerializeToNode(recomputed, ScorecardStore.Json));
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => !Same(a.GetValueOrDefault(k), b.GetValueOrDefault(k)))
            .Select(k => new RollupDifference(teamId, k, a.GetValueOrDefault(k) ?? "(none)", b.GetValueOrDefault(k) ?? "(none)"))
            .ToList();
    }

    private static bool Same(string? stored, string? recomputed)
    {
        if (stored == recomputed)
        {
            return true;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return stored is not null && recomputed is not null
            && double.TryParse(stored, System.Globalization.NumberStyles.Float, invariant, out var x)
            && double.TryParse(recomputed, System.Globalization.NumberStyles.Float, invariant, out var y)
            && Math.Abs(x - y) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
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
