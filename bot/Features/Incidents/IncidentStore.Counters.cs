using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>
/// A team-week's incident totals, or a change to them. <see cref="Cost"/> sums the costs that are known: an incident logged
/// without one adds nothing here, and the scorecard counts those from the incidents themselves (<c>IncidentWeek.CostUnknown</c>).
/// </summary>
internal sealed record CounterDelta(int Logged, int Resolved, int Declined, int Recovered, decimal Cost);

/// <summary>The counters row, changed in the same transaction as the incident it counts.</summary>
internal sealed partial class IncidentStore
{
    /// <summary>A counters shard as this instance last wrote it: its totals and the ETag its next change must carry.</summary>
    private sealed record ShardState(Azure.ETag ETag, CounterDelta Totals);

    /// <summary>Shards remembered at most; past this the memory starts again (a shard it forgot costs one read).</summary>
    private const int RememberedShards = 4096;

    /// <summary>
    /// Submits the actions plus the counters change; null when an ETag or an existing row refused it (nothing written). This
    /// instance's writers of one shard take turns: under a backlog they collided on its ETag, and each refusal fed the backlog.
    /// </summary>
    private Task<IReadOnlyList<Azure.ETag>?> TrySubmitWithCountersAsync(string partitionKey, IReadOnlyList<TableTransactionAction> actions, CounterDelta delta, CancellationToken cancellationToken)
    {
        var shard = IncidentKeys.CounterShard(actions[0].Entity.RowKey);
        return _counterGates.RunAsync(partitionKey, shard, () => SubmitWithShardAsync(partitionKey, shard, actions, delta, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Runs under the shard's gate, so the shard as this instance last wrote it is where the next change starts, with no read.
    /// If another instance wrote it since, the ETag refuses the transaction, the memory is dropped, and the next attempt reads.
    /// </summary>
    private async Task<IReadOnlyList<Azure.ETag>?> SubmitWithShardAsync(string partitionKey, string shard, IReadOnlyList<TableTransactionAction> actions, CounterDelta delta, CancellationToken cancellationToken)
    {
        var key = partitionKey + "\n" + shard;
        if (!_shards.TryGetValue(key, out var known))
        {
            var row = await _incidents.GetEntityIfExistsAsync(partitionKey, shard, cancellationToken);
            known = row is null ? null : new ShardState(row.ETag, ReadCounters(row));
        }

        var now = known?.Totals ?? new CounterDelta(0, 0, 0, 0, 0);
        var totals = new CounterDelta(now.Logged + delta.Logged, now.Resolved + delta.Resolved, now.Declined + delta.Declined, now.Recovered + delta.Recovered, now.Cost + delta.Cost);
        var next = CounterRow(partitionKey, shard, totals);
        TableTransactionAction counters = known is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, known.ETag);
        IReadOnlyList<Azure.ETag> etags;
        try
        {
            etags = await _incidents.SubmitTransactionAsync([.. actions, counters], cancellationToken);
        }
        catch (TableStorageException e) when (e.Status is 409 or 412)
        {
            _shards.TryRemove(key, out _);
            return null;
        }
        catch
        {
            // The outcome is unknown (a timeout may have written it): the next writer reads the shard.
            _shards.TryRemove(key, out _);
            throw;
        }

        if (_shards.Count >= RememberedShards)
        {
            _shards.Clear();
        }

        if (etags[^1] != default)
        {
            _shards[key] = new ShardState(etags[^1], totals);
        }

        return etags;
    }

    /// <summary>A counters shard holding <paramref name="totals"/> (public for bulk loads that must write exactly what the store writes).</summary>
    public static TableEntity CounterRow(string partitionKey, string shard, CounterDelta totals) => new(partitionKey, shard)
    {
        ["Logged"] = totals.Logged,
        ["Resolved"] = totals.Resolved,
        ["Declined"] = totals.Declined,
        ["Recovered"] = totals.Recovered,

        // Money as text: a decimal keeps its cents exactly, a double would not.
        ["Cost"] = totals.Cost.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The week's counters of one team (logged, resolved, declined, recovered, total cost): the sum of its shards.</summary>
    public async Task<CounterDelta> CountersAsync(string partitionKey, CancellationToken cancellationToken)
    {
        await _incidents.CreateIfNotExistsAsync(cancellationToken);
        var sum = new CounterDelta(0, 0, 0, 0, 0);
        await foreach (var row in _incidents.QueryAsync(TableFilter.Create($"PartitionKey eq {partitionKey} and RowKey ge {IncidentKeys.Counters} and RowKey lt {IncidentKeys.End(IncidentKeys.Counters)}"), cancellationToken))
        {
            var c = ReadCounters(row);
            sum = new CounterDelta(sum.Logged + c.Logged, sum.Resolved + c.Resolved, sum.Declined + c.Declined, sum.Recovered + c.Recovered, sum.Cost + c.Cost);
        }

        return sum;
    }

    private static CounterDelta ReadCounters(TableEntity row) => new(
        row.GetInt32("Logged") ?? 0,
        row.GetInt32("Resolved") ?? 0,
        row.GetInt32("Declined") ?? 0,
        row.GetInt32("Recovered") ?? 0,
        decimal.TryParse(row.GetString("Cost"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var cost) ? cost : 0);
}
