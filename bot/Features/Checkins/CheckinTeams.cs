using System.Text.Json;
using CxBot.Features.Setup;
using CxBot.Storage;

namespace CxBot.Features.Checkins;

/// <summary>A team somewhere, with its tenant.</summary>
internal sealed record TenantTeam(string TenantId, TeamSetup Team);

/// <summary>
/// Every tenant's teams, for the scheduler: one query of the team rows across the <c>Setup</c> table (read-only), kept in
/// process for a few minutes, since time zones and shift ends change seldom. A per-process cache of a read, never needed by
/// another instance.
/// </summary>
internal sealed class CheckinTeams(TableServiceClient tables, TimeProvider time)
{
    private readonly TableClient _setup = tables.GetTableClient(SetupStore.TableName);
    private (DateTimeOffset At, IReadOnlyList<TenantTeam> Teams)? _known;

    public async Task<IReadOnlyList<TenantTeam>> AllAsync(TimeSpan freshness, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known is { } known && now - known.At < freshness)
        {
            return known.Teams;
        }

        await _setup.CreateIfNotExistsAsync(cancellationToken);
        var teams = new List<TenantTeam>();
        var from = SetupRows.TeamPrefix;
        await foreach (var row in _setup.QueryAsync(TableFilter.Create($"RowKey gt {from} and RowKey lt {from + "~"}"), cancellationToken))
        {
            if (row.GetString("Json") is { } json && JsonSerializer.Deserialize<TeamSetup>(json, SetupJson.Options) is { } team && Unescape(row.PartitionKey) is { } tenant)
            {
                teams.Add(new TenantTeam(tenant, team));
            }
        }

        _known = (now, teams);
        return teams;
    }

    /// <summary>Undoes <see cref="TableKeys.ToSafeKey"/> for keys short enough to keep every character (tenant ids are GUIDs).</summary>
    private static string? Unescape(string key)
    {
        if (!key.Contains('~', StringComparison.Ordinal))
        {
            return key;
        }

        var text = new System.Text.StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != '~')
            {
                text.Append(key[i]);
            }
            else if (i + 4 < key.Length && int.TryParse(key.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var c))
            {
                text.Append((char)c);
                i += 4;
            }
            else
            {
                return null;
            }
        }

        return text.ToString();
    }
}
