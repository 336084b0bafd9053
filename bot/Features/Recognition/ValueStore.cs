using CxBot.Storage;

namespace CxBot.Features.Recognition;

/// <summary>
/// Company values and badges in <see cref="RecognitionNames.ValuesTable"/>: partition tenant, RowKey <c>v~</c> + a hash of the
/// value's id (<see cref="Key"/>), so the name an admin typed never appears in a request URL. Rows stored under the old key
/// (the id itself) are read as they are and moved to the hashed key by the first read that finds them.
/// </summary>
internal sealed class ValueStore(TableServiceClient tables)
{
    private const string KeyPrefix = "v~";

    private readonly TableClient _table = tables.GetTableClient(RecognitionNames.ValuesTable);

    /// <summary>The row key of the value with <paramref name="id"/>: no trace of the name it was made from.</summary>
    public static string Key(string id) => KeyPrefix + TableKeys.Hash(id);

    public async Task<IReadOnlyList<CompanyValue>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        List<TableEntity> rows = [];
        await foreach (var e in _table.QueryAsync(TableFilter.PartitionKeyEquals(pk), cancellationToken))
        {
            rows.Add(e);
        }

        var values = new Dictionary<string, CompanyValue>(StringComparer.Ordinal);
        foreach (var row in rows.OrderBy(r => r.RowKey.StartsWith(KeyPrefix, StringComparison.Ordinal) ? 0 : 1))
        {
            var value = new CompanyValue(row.GetString("Id") ?? row.RowKey, row.GetString("Name") ?? "", row.GetString("Emoji") ?? "");
            var moved = values.ContainsKey(value.Id);
            values.TryAdd(value.Id, value);
            if (!row.RowKey.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                await MoveAsync(row, value, moved, cancellationToken);
            }
        }

        return [.. values.Values.OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Adds the value, or replaces the one with the same id (the same name): an admin's edit, on purpose unconditional.</summary>
    public async Task SaveAsync(string tenantId, CompanyValue value, CancellationToken cancellationToken)
    {
        // Moves an old-keyed row of this value first, so it cannot come back over the edit later.
        await ListAsync(tenantId, cancellationToken);
        await _table.UpsertEntityAsync(Row(TableKeys.ToSafeKey(tenantId), value), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Moves a row stored under the old key (the value's id) to its hashed key in one transaction, or only deletes it when the
    /// hashed row is there already (<paramref name="moved"/>). Both go in a batch, whose URL names no key.
    /// </summary>
    private async Task MoveAsync(TableEntity legacy, CompanyValue value, bool moved, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions = moved ? [] : [new(TableTransactionActionType.Add, Row(legacy.PartitionKey, value))];
        actions.Add(new(TableTransactionActionType.Delete, new TableEntity(legacy.PartitionKey, legacy.RowKey), legacy.ETag));
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            // Another reader moved it first, or an admin saved the value under its new key meanwhile: nothing left to do.
        }
    }

    private static TableEntity Row(string partitionKey, CompanyValue value) =>
        new(partitionKey, Key(value.Id)) { ["Id"] = value.Id, ["Name"] = value.Name, ["Emoji"] = value.Emoji };
}
