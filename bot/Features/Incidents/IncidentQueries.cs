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
        return (row, json is null ? [] : JsonSerializer.Deserialize<IncidentPointer[]>(json, IncidentJson.Options) ?? []);
    }

    private static TableEntity ReporterListRow(string pk, string reporterId, IEnumerable<IncidentPointer> pointers) =>
        new(pk, IncidentKeys.ReporterList(reporterId)) { [PointersProperty] = JsonSerializer.Serialize(Newest(pointers, ReporterListSize), IncidentJson.Options) };

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
