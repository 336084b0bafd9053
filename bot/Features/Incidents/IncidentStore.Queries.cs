using System.Text.Json;
using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>Where an incident is: its partition and reference.</summary>
internal sealed record IncidentPointer(string Pk, string Reference);

/// <summary>An open incident as its index row has it: enough to list it or to decide whether it is overdue.</summary>
internal sealed record OpenPointer(string TenantId, string Reference, string PartitionKey, string TeamId, IncidentStatus Status, DateTimeOffset AcknowledgeBy, DateTimeOffset ResolveBy, DateTimeOffset? ChasedAt, Azure.ETag ETag);

/// <summary>The index reads: a reporter's incidents, a tenant's open ones, and every tenant's open ones for the chaser.</summary>
internal sealed partial class IncidentStore
{
    /// <summary>How many pointers a reporter's list row keeps: the newest, by reference.</summary>
    public const int ReporterListSize = 100;

    private const string PointersProperty = "Pointers";

    /// <summary>
    /// A claim adds its pointer to the list row as one property (<c>p_INC_2026_000123</c> = partition key) merged without an
    /// ETag, so a reporter's submissions at the same moment never conflict on it. When <see cref="CompactAt"/> of them have
    /// piled up, a claim folds them into <see cref="PointersProperty"/> (the newest <see cref="ReporterListSize"/>) by a replace
    /// over the row's ETag; if that meets a concurrent merge, the claim merges instead and a later one folds. Beyond
    /// <see cref="MergedMax"/> (an entity holds at most 252 properties) a claim only folds.
    /// </summary>
    private const string MergedPrefix = "p_";

    private const int CompactAt = 50;
    private const int MergedMax = 200;

    /// <summary>The reporter's incidents, newest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<StoredIncident>> ByReporterAsync(string tenantId, string reporterId, int max, CancellationToken cancellationToken) =>
        await LoadAsync((await ReporterPointersAsync(tenantId, reporterId, max, cancellationToken)).Select(p => (p.Pk, p.Reference)), cancellationToken);

    /// <summary>
    /// Where the reporter's newest incidents are, newest first, at most <paramref name="max"/>: one point read of their list
    /// row, or (for more than <see cref="ReporterListSize"/>, or a reporter with no list row yet) a range query of their pointer rows.
    /// </summary>
    public async Task<IReadOnlyList<IncidentPointer>> ReporterPointersAsync(string tenantId, string reporterId, int max, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var pk = IncidentKeys.Tenant(tenantId);
        var pointers = max <= ReporterListSize ? (await ReadReporterListAsync(pk, reporterId, cancellationToken)).Pointers : await QueryReporterAsync(pk, reporterId, cancellationToken);
        return [.. Newest(pointers, max)];
    }

    /// <summary>
    /// The reporter's list row and its pointers. A reporter who has logged nothing since list rows exist has none: their
    /// pointer rows (written by every version) are read instead, and the next claim writes the list from them (a lazy migration).
    /// </summary>
    private async Task<(TableEntity? Row, IReadOnlyList<IncidentPointer> Pointers)> ReadReporterListAsync(string pk, string reporterId, CancellationToken cancellationToken)
    {
        var row = await _index.GetEntityIfExistsAsync(pk, IncidentKeys.ReporterList(reporterId), cancellationToken);
        if (row is null)
        {
            return (null, await QueryReporterAsync(pk, reporterId, cancellationToken));
        }

        var json = row.GetString(PointersProperty);
        IEnumerable<IncidentPointer> folded = json is null ? [] : JsonSerializer.Deserialize<IncidentPointer[]>(json, IncidentJson.Options) ?? [];
        return (row, [.. folded, .. Merged(row)]);
    }

    /// <summary>The pointers merged into the list row since it was last folded.</summary>
    private static IEnumerable<IncidentPointer> Merged(TableEntity row) =>
        row.Keys.Where(k => k.StartsWith(MergedPrefix, StringComparison.Ordinal)).Select(k => new IncidentPointer(row.GetString(k) ?? "", k[MergedPrefix.Length..].Replace('_', '-')));

    /// <summary>
    /// The list row's part of a claim: the list built whole when the reporter has none yet (their pointer rows migrated) or
    /// when it is time to fold (over the ETag read, so a concurrent merge is never overwritten); otherwise one merged property.
    /// </summary>
    private static TableTransactionAction ReporterListAction(string pk, string reporterId, TableEntity? row, IReadOnlyList<IncidentPointer> known, IncidentPointer added, bool mayFold)
    {
        var key = IncidentKeys.ReporterList(reporterId);
        var whole = new TableEntity(pk, key) { [PointersProperty] = JsonSerializer.Serialize(Newest(known.Append(added), ReporterListSize), IncidentJson.Options) };
        if (row is null)
        {
            return new(TableTransactionActionType.Add, whole);
        }

        var merged = Merged(row).Count();
        return merged >= MergedMax || (merged >= CompactAt && mayFold)
            ? new(TableTransactionActionType.UpdateReplace, whole, row.ETag)
            : new(TableTransactionActionType.UpsertMerge, new TableEntity(pk, key) { [MergedPrefix + added.Reference.Replace('-', '_')] = added.Pk });
    }

    private async Task<IReadOnlyList<IncidentPointer>> QueryReporterAsync(string pk, string reporterId, CancellationToken cancellationToken)
    {
        var prefix = IncidentKeys.ReporterPrefix(reporterId);
        var pointers = new List<IncidentPointer>();
        await foreach (var row in _index.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {prefix} and RowKey lt {IncidentKeys.End(prefix)}"), cancellationToken))
        {
            pointers.Add(new IncidentPointer(row.GetString("Pk") ?? "", row.RowKey[prefix.Length..]));
        }

        return pointers;
    }

    private static IncidentPointer[] Newest(IEnumerable<IncidentPointer> pointers, int max) =>
        [.. pointers.DistinctBy(p => p.Reference, StringComparer.Ordinal).OrderByDescending(p => p.Reference, StringComparer.Ordinal).Take(max)];

    /// <summary>The tenant's open incidents as index rows.</summary>
    public async Task<IReadOnlyList<OpenPointer>> OpenAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var pk = IncidentKeys.Tenant(tenantId);
        return await ReadOpenAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {IncidentKeys.OpenPrefix} and RowKey lt {IncidentKeys.End(IncidentKeys.OpenPrefix)}"), cancellationToken);
    }

    /// <summary>Every tenant's open incidents (the chaser's scan: one filter on row keys across partitions).</summary>
    public async Task<IReadOnlyList<OpenPointer>> OpenEverywhereAsync(CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        return await ReadOpenAsync(TableFilter.Create($"RowKey ge {IncidentKeys.OpenPrefix} and RowKey lt {IncidentKeys.End(IncidentKeys.OpenPrefix)}"), cancellationToken);
    }

    /// <summary>Records that an open incident was chased now; false when someone else changed its row first.</summary>
    public async Task<bool> MarkChasedAsync(OpenPointer pointer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = new TableEntity(IncidentKeys.Tenant(pointer.TenantId), IncidentKeys.Open(pointer.Reference)) { ["ChasedAt"] = at };
        try
        {
            await _index.UpdateEntityAsync(row, pointer.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (TableStorageException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<StoredIncident>> LoadAsync(IEnumerable<(string Pk, string Reference)> pointers, CancellationToken cancellationToken)
    {
        var loaded = await Task.WhenAll(pointers.Select(p => GetAsync(p.Pk, p.Reference, cancellationToken)));
        return [.. loaded.OfType<StoredIncident>()];
    }

    private async Task<IReadOnlyList<OpenPointer>> ReadOpenAsync(TableFilter filter, CancellationToken cancellationToken)
    {
        var list = new List<OpenPointer>();
        await foreach (var row in _index.QueryAsync(filter, cancellationToken))
        {
            list.Add(new OpenPointer(
                row.GetString("TenantId") ?? "",
                row.RowKey[IncidentKeys.OpenPrefix.Length..],
                row.GetString("Pk") ?? "",
                row.GetString("TeamId") ?? "",
                Enum.TryParse<IncidentStatus>(row.GetString("Status"), out var s) ? s : IncidentStatus.New,
                row.GetDateTimeOffset("AcknowledgeBy") ?? DateTimeOffset.MaxValue,
                row.GetDateTimeOffset("ResolveBy") ?? DateTimeOffset.MaxValue,
                row.GetDateTimeOffset("ChasedAt"),
                row.ETag));
        }

        return list;
    }
}
