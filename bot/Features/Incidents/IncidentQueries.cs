using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>An open incident as its index row has it: enough to list it or to decide whether it is overdue.</summary>
internal sealed record OpenPointer(string TenantId, string Reference, string PartitionKey, string TeamId, IncidentStatus Status, DateTimeOffset AcknowledgeBy, DateTimeOffset ResolveBy, DateTimeOffset? ChasedAt, Azure.ETag ETag);

/// <summary>The index reads: a reporter's incidents, a tenant's open ones, and every tenant's open ones for the chaser.</summary>
internal sealed partial class IncidentStore
{
    /// <summary>The reporter's incidents, newest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<StoredIncident>> ByReporterAsync(string tenantId, string reporterId, int max, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var pk = IncidentKeys.Tenant(tenantId);
        var prefix = IncidentKeys.ReporterPrefix(reporterId);
        var pointers = new List<(string Pk, string Reference)>();
        await foreach (var row in _index.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {prefix} and RowKey lt {IncidentKeys.End(prefix)}"), cancellationToken))
        {
            pointers.Add((row.GetString("Pk") ?? "", row.RowKey[prefix.Length..]));
        }

        return await LoadAsync(pointers.OrderByDescending(p => p.Reference, StringComparer.Ordinal).Take(max), cancellationToken);
    }

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
