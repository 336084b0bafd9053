using CxBot.Storage;

namespace CxBot.Features.Recognition;

/// <summary>Company values and badges in <see cref="RecognitionNames.ValuesTable"/>: partition tenant, row the value's id.</summary>
internal sealed class ValueStore(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(RecognitionNames.ValuesTable);

    public async Task<IReadOnlyList<CompanyValue>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        List<CompanyValue> values = [];
        await foreach (var e in _table.QueryAsync(TableFilter.PartitionKeyEquals(TableKeys.ToSafeKey(tenantId)), cancellationToken))
        {
            values.Add(new CompanyValue(e.GetString("Id") ?? e.RowKey, e.GetString("Name") ?? "", e.GetString("Emoji") ?? ""));
        }

        return [.. values.OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Adds the value, or replaces the one with the same id (the same name): an admin's edit, on purpose unconditional.</summary>
    public async Task SaveAsync(string tenantId, CompanyValue value, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var entity = new TableEntity(TableKeys.ToSafeKey(tenantId), TableKeys.ToSafeKey(value.Id)) { ["Id"] = value.Id, ["Name"] = value.Name, ["Emoji"] = value.Emoji };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
