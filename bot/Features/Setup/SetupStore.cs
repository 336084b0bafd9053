using System.Globalization;
using Azure;
using CxBot.Storage;

namespace CxBot.Features.Setup;

/// <summary>A tenant's setup as read, with each row's JSON and ETag so a save writes only what changed, conditionally.</summary>
internal sealed record SetupSnapshot(string TenantId, TenantSetup Setup, IReadOnlyDictionary<string, (string Json, ETag ETag)> Rows);

/// <summary>One audited row change: who, when, what, before and after (JSON; null when absent).</summary>
internal sealed record AuditEntry(string UserId, DateTimeOffset At, string Action, string Subject, string? Before, string? After);

/// <summary>Someone else changed the setup between our read and our write.</summary>
internal sealed class SetupConflictException(Exception inner) : Exception("The setup changed while this change was being made.", inner);

/// <summary>
/// The <c>Setup</c> table: one partition per tenant (PartitionKey = the tenant id, made safe), so a tenant's reads never see
/// another's rows. A save writes the changed rows and their audit rows in one transaction, each update carrying its ETag.
/// </summary>
internal sealed class SetupStore(TableServiceClient tables) : ISetupIndex
{
    public const string TableName = "Setup";
    private const string JsonProperty = "Json";
    private const int MaxTransaction = 100;

    private readonly TableClient _table = tables.GetTableClient(TableName);

    public static string PartitionKey(string tenantId) => TableKeys.ToSafeKey(tenantId);

    public async Task<SetupSnapshot> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PartitionKey(tenantId);
        var rows = new Dictionary<string, (string, ETag)>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey gt {SetupRows.FirstDataKey}"), cancellationToken))
        {
            rows[entity.RowKey] = (entity.GetString(JsonProperty) ?? "", entity.ETag);
        }

        return new SetupSnapshot(tenantId, SetupRows.FromRows(rows.Select(r => KeyValuePair.Create(r.Key, r.Value.Item1))), rows);
    }

    /// <summary>
    /// The tenants with at least one leadership channel (for the scorecards' schedule): one query over the small setup table,
    /// reading only the leadership rows' keys.
    /// </summary>
    public async Task<IReadOnlyList<string>> TenantsWithLeadershipAsync(CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync(TableFilter.Create($"RowKey ge {SetupRows.LeadershipPrefix} and RowKey lt {SetupRows.LeadershipPrefix + "~"}"), TableClient.MaxPageSize, ["PartitionKey"], cancellationToken))
        {
            tenants.Add(TenantOf(entity.PartitionKey));
        }

        return [.. tenants];
    }

    /// <summary>Every tenant's teams (for the check-in scheduler): one query of the team rows across the table.</summary>
    public async Task<IReadOnlyList<TenantTeam>> AllTeamsAsync(CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var teams = new List<TenantTeam>();
        var from = SetupRows.TeamPrefix;
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"RowKey gt {from} and RowKey lt {from + "~"}"), cancellationToken))
        {
            if (row.GetString(JsonProperty) is { } json && System.Text.Json.JsonSerializer.Deserialize<TeamSetup>(json, SetupJson.Options) is { } team)
            {
                teams.Add(new TenantTeam(TenantOf(row.PartitionKey), team));
            }
        }

        return teams;
    }

    /// <summary>The tenant a partition is for (tenant ids are GUIDs, short enough to keep every character).</summary>
    private static string TenantOf(string partitionKey) => TableKeys.FromSafeKey(partitionKey) ?? partitionKey;

    /// <summary>Writes <paramref name="after"/> over the snapshot; returns the audit entries written (none when nothing changed).</summary>
    /// <exception cref="SetupConflictException">A row changed since the snapshot was read.</exception>
    public async Task<IReadOnlyList<AuditEntry>> SaveAsync(SetupSnapshot before, TenantSetup after, string userId, string action, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(before.TenantId);
        var wanted = SetupRows.ToRows(after);
        var actions = new List<TableTransactionAction>();
        var audit = new List<AuditEntry>();
        foreach (var (key, json) in wanted)
        {
            if (!before.Rows.TryGetValue(key, out var old))
            {
                actions.Add(new(TableTransactionActionType.Add, Row(pk, key, json)));
                audit.Add(new AuditEntry(userId, at, action, key, null, json));
            }
            else if (old.Json != json)
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, Row(pk, key, json), old.ETag));
                audit.Add(new AuditEntry(userId, at, action, key, old.Json, json));
            }
        }

        foreach (var (key, old) in before.Rows.Where(r => !wanted.ContainsKey(r.Key)))
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(pk, key), old.ETag));
            audit.Add(new AuditEntry(userId, at, action, key, old.Json, null));
        }

        var suffix = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < audit.Count; i++)
        {
            actions.Add(new(TableTransactionActionType.Add, AuditRow(pk, audit[i], i, suffix)));
        }

        try
        {
            // Ordinary changes fit one atomic transaction; only a large import is split.
            foreach (var chunk in actions.Chunk(MaxTransaction))
            {
                await _table.SubmitTransactionAsync(chunk, cancellationToken);
            }
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409 or 404)
        {
            throw new SetupConflictException(ex);
        }

        return audit;
    }

    /// <summary>The tenant's audit trail, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PartitionKey(tenantId);
        var list = new List<AuditEntry>();
        await foreach (var e in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey lt {SetupRows.FirstDataKey}"), cancellationToken))
        {
            list.Add(new AuditEntry(e.GetString("UserId") ?? "", e.GetDateTimeOffset("At") ?? default, e.GetString("Action") ?? "", e.GetString("Subject") ?? "", e.GetString("Before"), e.GetString("After")));
        }

        return list;
    }

    private static TableEntity Row(string pk, string key, string json) => new(pk, key) { [JsonProperty] = json };

    private static TableEntity AuditRow(string pk, AuditEntry entry, int index, string suffix)
    {
        // Inverted ticks: the newest change sorts first.
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        return new TableEntity(pk, $"{SetupRows.AuditPrefix}{inverted}~{suffix}~{index:D4}")
        {
            ["UserId"] = entry.UserId,
            ["At"] = entry.At,
            ["Action"] = entry.Action,
            ["Subject"] = entry.Subject,
            ["Before"] = entry.Before,
            ["After"] = entry.After,
        };
    }
}
