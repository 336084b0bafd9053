using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>An incident with its history, oldest entry first.</summary>
internal sealed record IncidentWithHistory(Incident Incident, IReadOnlyList<HistoryEntry> History);

/// <summary>A team-week partition read whole: its incidents with their history, and its counters (the sum of the shards).</summary>
internal sealed record IncidentPartition(IReadOnlyList<IncidentWithHistory> Incidents, CounterDelta Counters);

/// <summary>The scorecards' read: whole team-week partitions, in one query each.</summary>
internal sealed partial class IncidentStore
{
    /// <summary>Every row of the partition <paramref name="partitionKey"/>: incidents, history and counters.</summary>
    public async Task<IncidentPartition> ReadPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        await _incidents.CreateIfNotExistsAsync(cancellationToken);
        var incidents = new Dictionary<string, Incident>(StringComparer.Ordinal);
        var history = new Dictionary<string, List<HistoryEntry>>(StringComparer.Ordinal);
        var counters = new CounterDelta(0, 0, 0, 0, 0);
        await foreach (var row in _incidents.QueryAsync(TableFilter.PartitionKeyEquals(partitionKey), cancellationToken))
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
