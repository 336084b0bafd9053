using Azure;
using CxBot.Storage;

namespace CxBot.Features.People;

/// <summary>A person found unreachable, why, and when.</summary>
internal sealed record UnreachableRecord(string Reason, DateTimeOffset At);

/// <summary>Unreachable people in <see cref="PeopleTables.Reach"/>, so every instance gives the same answer until it expires.</summary>
internal sealed class ReachStore(TableServiceClient tables, TimeProvider time)
{
    private readonly TableClient _table = tables.GetTableClient(PeopleTables.Reach);

    public async Task<UnreachableRecord?> GetAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var e = await _table.GetEntityIfExistsAsync(PeopleTables.Partition(tenantId), PeopleTables.Key(aadObjectId), cancellationToken);
        return e?.GetString("Reason") is { } reason ? new UnreachableRecord(reason, e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue) : null;
    }

    public async Task<UnreachableRecord> RecordAsync(string tenantId, string aadObjectId, string reason, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var record = new UnreachableRecord(reason, time.GetUtcNow());
        var entity = new TableEntity(PeopleTables.Partition(tenantId), PeopleTables.Key(aadObjectId)) { ["Reason"] = record.Reason, ["At"] = record.At };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        return record;
    }

    public async Task ClearAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _table.DeleteEntityAsync(PeopleTables.Partition(tenantId), PeopleTables.Key(aadObjectId), ETag.All, cancellationToken);
    }
}
