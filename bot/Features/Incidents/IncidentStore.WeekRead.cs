using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>An incident with its history, oldest entry first.</summary>
internal sealed record IncidentWithHistory(Incident Incident, IReadOnlyList<HistoryEntry> History);

/// <summary>A team-week partition read whole: its incidents with their history, and its counters (the sum of the shards).</summary>
internal sealed record IncidentPartition(IReadOnlyList<IncidentWithHistory> Incidents, CounterDelta Counters)
{
    public static readonly IncidentPartition Empty = new([], new CounterDelta(0, 0, 0, 0, 0));
}

/// <summary>The scorecards' read: whole team-week partitions, one or a run of a team's weeks in one query.</summary>
internal sealed partial class IncidentStore
{
    /// <summary>Every row of the partition <paramref name="partitionKey"/>: incidents, history and counters.</summary>
    public async Task<IncidentPartition> ReadPartitionAsync(string partitionKey, CancellationToken cancellationToken) =>
        (await ReadPartitionsAsync(TableFilter.PartitionKeyEquals(partitionKey), cancellationToken)).GetValueOrDefault(partitionKey) ?? IncidentPartition.Empty;

    /// <summary>
    /// A team's weeks <paramref name="firstMonday"/> to <paramref name="lastMonday"/> in one PartitionKey range query, by
    /// partition key (<see cref="IncidentKeys.WeekOf"/>); a week with no rows is absent. Only the team's own week partitions
    /// are kept, whatever else the range holds.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IncidentPartition>> ReadWeeksAsync(string tenantId, string teamId, DateOnly firstMonday, DateOnly lastMonday, CancellationToken cancellationToken)
    {
        var weeks = new HashSet<string>(StringComparer.Ordinal);
        for (var monday = firstMonday; monday <= lastMonday; monday = monday.AddDays(7))
        {
            weeks.Add(IncidentKeys.WeekOf(tenantId, teamId, monday));
        }

        var read = await ReadPartitionsAsync(
            TableFilter.PartitionKeyBetween(IncidentKeys.WeekOf(tenantId, teamId, firstMonday), IncidentKeys.WeekOf(tenantId, teamId, lastMonday)), cancellationToken);
        return read.Where(p => weeks.Contains(p.Key)).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The Mondays among the team's weeks <paramref name="firstMonday"/> to <paramref name="lastMonday"/> whose incidents changed
    /// after <paramref name="since"/>: one PartitionKey range query for the history entries written since (every change writes one).
    /// </summary>
    public async Task<IReadOnlySet<DateOnly>> WeeksChangedSinceAsync(
        string tenantId, string teamId, DateOnly firstMonday, DateOnly lastMonday, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await _incidents.CreateIfNotExistsAsync(cancellationToken);
        var mondays = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        for (var monday = firstMonday; monday <= lastMonday; monday = monday.AddDays(7))
        {
            mondays[IncidentKeys.WeekOf(tenantId, teamId, monday)] = monday;
        }

        var changed = new HashSet<DateOnly>();
        var filter = TableFilter.Create(
            $"PartitionKey ge {IncidentKeys.WeekOf(tenantId, teamId, firstMonday)} and PartitionKey le {IncidentKeys.WeekOf(tenantId, teamId, lastMonday)} and At gt {since}");
        await foreach (var row in _incidents.QueryAsync(filter, null, ["PartitionKey"], cancellationToken))
        {
            if (mondays.TryGetValue(row.PartitionKey, out var monday))
            {
                changed.Add(monday);
            }
        }

        return changed;
    }

    private async Task<Dictionary<string, IncidentPartition>> ReadPartitionsAsync(TableFilter filter, CancellationToken cancellationToken)
    {
        await _incidents.CreateIfNotExistsAsync(cancellationToken);
        var rows = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        await foreach (var row in _incidents.QueryAsync(filter, cancellationToken))
        {
            if (!rows.TryGetValue(row.PartitionKey, out var list))
            {
                rows[row.PartitionKey] = list = [];
            }

            list.Add(row);
        }

        return rows.ToDictionary(p => p.Key, p => ReadPartition(p.Value), StringComparer.Ordinal);
    }

    private static IncidentPartition ReadPartition(List<TableEntity> rows)
    {
        var incidents = new Dictionary<string, Incident>(StringComparer.Ordinal);
        var history = new Dictionary<string, List<HistoryEntry>>(StringComparer.Ordinal);
        var counters = new CounterDelta(0, 0, 0, 0, 0);
        foreach (var row in rows)
        {
            if (row.RowKey.StartsWith(IncidentKeys.Counters, StringComparison.Ordinal))
            {
                var c = ReadCounters(row);
                counters = new CounterDelta(counters.Logged + c.Logged, counters.Resolved + c.Resolved, counters.Declined + c.Declined, counters.Recovered + c.Recovered, counters.Cost + c.Cost);
            }
            else if (row.RowKey.IndexOf("|h|", StringComparison.Ordinal) is var h and > 0)
            {
                var reference = row.RowKey[..h];
                if (!history.TryGetValue(reference, out var list))
                {
                    history[reference] = list = [];
                }

                list.Add(ReadHistory(row));
            }
            else if (row.GetString(JsonProperty) is { } json)
            {
                incidents[row.RowKey] = IncidentJson.Read(json);
            }
        }

        return new IncidentPartition(
            [.. incidents.Values.OrderBy(i => i.Reference, StringComparer.Ordinal).Select(i => new IncidentWithHistory(i, [.. (history.GetValueOrDefault(i.Reference) ?? []).OrderBy(e => e.Revision)]))],
            counters);
    }
}
