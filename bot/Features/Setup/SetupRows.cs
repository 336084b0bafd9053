using System.Text.Json;
using CxBot.Storage;

namespace CxBot.Features.Setup;

/// <summary>
/// Maps a <see cref="TenantSetup"/> to table rows and back: one row per record, keyed <c>org</c>, <c>tp~id</c>, <c>std~id</c>,
/// <c>team~id</c>, <c>lead~channel</c>, each holding the record as JSON. Audit rows (<c>audit~…</c>) sort before them all.
/// </summary>
internal static class SetupRows
{
    public const string OrgKey = "org";
    public const string TouchpointPrefix = "tp~";
    public const string StandardPrefix = "std~";
    public const string TeamPrefix = "team~";
    public const string LeadershipPrefix = "lead~";
    public const string AuditPrefix = "audit~";

    /// <summary>Every data row key is greater than this; every audit row key is smaller.</summary>
    public const string FirstDataKey = "b";

    public static Dictionary<string, string> ToRows(TenantSetup setup)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        if (setup.Organisation is { } org)
        {
            rows[OrgKey] = Write(org);
        }

        foreach (var t in setup.Journey)
        {
            rows[TouchpointPrefix + t.Id] = Write(t);
        }

        foreach (var s in setup.Standards)
        {
            rows[StandardPrefix + s.Id] = Write(s);
        }

        foreach (var t in setup.Teams)
        {
            rows[TeamPrefix + TableKeys.ToSafeKey(t.Id)] = Write(t);
        }

        foreach (var l in setup.Leadership)
        {
            rows[LeadershipPrefix + TableKeys.ToSafeKey(l.ChannelId)] = Write(l);
        }

        return rows;
    }

    /// <summary>Rebuilds the setup in its canonical order (journey by order, the rest by id).</summary>
    public static TenantSetup FromRows(IEnumerable<KeyValuePair<string, string>> rows)
    {
        Organisation? org = null;
        List<Touchpoint> journey = [];
        List<Standard> standards = [];
        List<TeamSetup> teams = [];
        List<LeadershipChannel> leadership = [];
        foreach (var (key, json) in rows)
        {
            if (key == OrgKey)
            {
                org = Read<Organisation>(json);
            }
            else if (key.StartsWith(TouchpointPrefix, StringComparison.Ordinal))
            {
                journey.Add(Read<Touchpoint>(json));
            }
            else if (key.StartsWith(StandardPrefix, StringComparison.Ordinal))
            {
                standards.Add(Read<Standard>(json));
            }
            else if (key.StartsWith(TeamPrefix, StringComparison.Ordinal))
            {
                teams.Add(Read<TeamSetup>(json));
            }
            else if (key.StartsWith(LeadershipPrefix, StringComparison.Ordinal))
            {
                leadership.Add(Read<LeadershipChannel>(json));
            }
        }

        return Canonical(new TenantSetup(org, journey, standards, teams, leadership));
    }

    public static TenantSetup Canonical(TenantSetup setup) => setup with
    {
        Journey = [.. setup.Journey.OrderBy(t => t.Order).ThenBy(t => t.Id, StringComparer.Ordinal)],
        Standards = [.. setup.Standards.OrderBy(s => s.Id, StringComparer.Ordinal)],
        Teams = [.. setup.Teams.OrderBy(t => t.Id, StringComparer.Ordinal)],
        Leadership = [.. setup.Leadership.OrderBy(l => l.ChannelId, StringComparer.Ordinal)],
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, SetupJson.Options);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, SetupJson.Options) ?? throw new JsonException("A setup row holds null.");
}
