using CxBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Hardening;

/// <summary>Every row the bot wrote under its table prefix, read back through its own table client.</summary>
internal sealed record StoredRow(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, object> Properties)
{
    /// <summary>The row as one comparable line (no timestamp or ETag).</summary>
    public string Text => $"{Table}|{PartitionKey}|{RowKey}|" + string.Join(';', Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    public static async Task<IReadOnlyList<StoredRow>> ReadAllAsync(IServiceProvider services)
    {
        var tables = services.GetRequiredService<TableServiceClient>();
        var prefix = tables.Options.TablePrefix;
        var rows = new List<StoredRow>();
        await foreach (var fullName in tables.QueryTablesAsync(prefix, default))
        {
            var name = fullName[prefix.Length..];
            await foreach (var entity in tables.GetTableClient(name).QueryAsync(null, null, null, default))
            {
                rows.Add(new StoredRow(name, entity.PartitionKey, entity.RowKey, entity.ToDictionary(p => p.Key, p => p.Value)));
            }
        }

        return rows;
    }
}
