using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// How the instances that send to a tenant split its one budget (<see cref="SendingOptions.TenantRequestsPerSecond"/>).
/// Table <c>SendBudgets</c>: one row per instance sending to the tenant (PartitionKey the tenant, RowKey the instance), with
/// the requests per second it wants (the bulk sender all of the limit, an instance answering people what it used lately)
/// and until when it counts (renewed every <see cref="SendingOptions.BudgetBeatEvery"/>; a row past it is an instance
/// gone). Each beat writes the instance's own row and reads the tenant's partition, and every instance splits the limit
/// the same way from the rows it reads (<see cref="Allocate"/>): nothing another instance needs is kept in memory.
/// </summary>
internal sealed class BudgetShares(TableServiceClient tables, TimeProvider time)
{
    public const string Table = "SendBudgets";

    /// <summary>Rows past their time by this much are deleted by whoever reads them.</summary>
    private static readonly TimeSpan Forgotten = TimeSpan.FromMinutes(1);

    private readonly TableClient _table = tables.GetTableClient(Table);

    /// <summary>
    /// Writes <paramref name="instance"/>'s row for the tenant (it wants <paramref name="wants"/> requests per second until
    /// <paramref name="until"/>), reads every instance's row, and returns this instance's share of <paramref name="limit"/>
    /// and how many other instances want some of it now. An instance that left (it wants nothing) counts until its last second
    /// of requests is over: <c>ClearAt</c> is the latest such moment (or <see cref="DateTimeOffset.MinValue"/>).
    /// </summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task<BudgetShare> BeatAsync(string tenantId, string instance, int limit, int wants, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var partition = TableKeys.ToSafeKey(tenantId);
        var self = TableKeys.ToSafeKey(instance);
        await _table.UpsertEntityAsync(new TableEntity(partition, self) { ["Wants"] = wants, ["Until"] = until }, TableUpdateMode.Replace, cancellationToken);
        var now = time.GetUtcNow();
        var live = new List<(string Instance, int Wants)>();
        var clearAt = DateTimeOffset.MinValue;
        await foreach (var row in _table.QueryAsync(TableFilter.PartitionKeyEquals(partition), cancellationToken))
        {
            if (row.RowKey == self)
            {
                live.Add((self, wants));
            }
            else if (row.GetDateTimeOffset("Until") is { } rowUntil && rowUntil > now)
            {
                var rowWants = row.GetInt32("Wants") ?? limit;
                if (rowWants > 0)
                {
                    live.Add((row.RowKey, rowWants));
                }
                else if (rowUntil > clearAt)
                {
                    clearAt = rowUntil;
                }
            }
            else if (row.GetDateTimeOffset("Until") is not { } gone || gone + Forgotten < now)
            {
                await ForgetAsync(row, cancellationToken);
            }
        }

        if (!live.Exists(r => r.Instance == self))
        {
            live.Add((self, wants));
        }

        return new BudgetShare(Allocate(limit, live, self), live.Count - 1, clearAt, live.Where(r => r.Instance != self).Sum(r => r.Wants));
    }

    /// <summary>Says the instance stops counting at <paramref name="until"/> (when its last second of requests is over).</summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task LeaveAsync(string tenantId, string instance, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _table.UpsertEntityAsync(new TableEntity(TableKeys.ToSafeKey(tenantId), TableKeys.ToSafeKey(instance)) { ["Wants"] = 0, ["Until"] = until }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Splits <paramref name="limit"/> among the instances that count, the same way on every instance: the smallest wants
    /// first, each getting what it wants or an equal part of what is left, whichever is less (ties by name). An instance
    /// alone gets all of it whatever it wants; the parts never add up to more than the limit (as long as there are no
    /// more instances than requests in a second, each gets at least one).
    /// </summary>
    public static int Allocate(int limit, IReadOnlyList<(string Instance, int Wants)> live, string self)
    {
        if (live.Count <= 1)
        {
            return limit;
        }

        var left = limit;
        var count = live.Count;
        foreach (var (instance, wants) in live.OrderBy(r => r.Wants).ThenBy(r => r.Instance, StringComparer.Ordinal))
        {
            // The last one (the largest wants) gets the rest, so nothing is left unused.
            var part = count == 1 ? left : Math.Min(Math.Max(wants, 1), left / count);
            if (instance == self)
            {
                return Math.Max(1, part);
            }

            left -= part;
            count--;
        }

        return 1;
    }

    private async Task ForgetAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (TableStorageException e) when (e.Status is 404 or 412)
        {
            // Renewed or deleted meanwhile: nothing to forget.
        }
    }
}

/// <summary>
/// This instance's share of a tenant's limit, how many other instances want some of it and how much in all, and when the
/// ones that left are clear.
/// </summary>
internal readonly record struct BudgetShare(int Share, int Others, DateTimeOffset ClearAt, int OthersWant);
