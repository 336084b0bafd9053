using System.Text.Json;
using System.Text.Json.Serialization;
using CxBot.Storage;

namespace CxBot.Features.Scorecards;

/// <summary>
/// The scorecards' own small tables. <c>ScorecardWeeks</c>: PartitionKey = tenant, RowKey = ISO week|team, one row per team
/// and week holding its <see cref="TeamWeek"/> as JSON, so a card for any number of weeks is one range query of one partition;
/// once a week's card is posted, the row also keeps the figures the card showed (<c>PostedJson</c>), which later rollups leave alone.
/// <c>ScorecardDeliveries</c>: PartitionKey = tenant, RowKey = channel|week, the exactly-once claim of each weekly post.
/// </summary>
internal sealed class ScorecardStore(TableServiceClient tables)
{
    public const string WeeksTable = "ScorecardWeeks";
    public const string DeliveriesTable = "ScorecardDeliveries";
    private const string JsonProperty = "Json";
    private const string PostedProperty = "PostedJson";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TableClient _weeks = tables.GetTableClient(WeeksTable);

    public TableClient Deliveries { get; } = tables.GetTableClient(DeliveriesTable);

    public static string Key(DateOnly monday, string teamId) => ScorecardWeek.Label(monday) + "|" + TableKeys.ToSafeKey(teamId);

    /// <summary>Replaces the stored figures of <paramref name="weeks"/> (idempotent; the posted figures stay), 100 rows per transaction.</summary>
    public async Task SaveAsync(string tenantId, IEnumerable<TeamWeek> weeks, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _weeks.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        foreach (var chunk in weeks.Chunk(100))
        {
            await _weeks.SubmitTransactionAsync(
                chunk.Select(w => new TableTransactionAction(
                    TableTransactionActionType.UpsertMerge,
                    new TableEntity(pk, Key(w.Monday, w.TeamId)) { [JsonProperty] = JsonSerializer.Serialize(w, Json), ["RolledUpAt"] = at })),
                cancellationToken);
        }
    }

    /// <summary>
    /// Keeps <paramref name="weeks"/> as the week's posted figures, for the rows that have none yet (the first card posted fixes
    /// them); returns the posted figures of every given row, old or new. Each row changes with its ETag, so of two instances
    /// freezing at once, one's figures stand.
    /// </summary>
    public async Task<IReadOnlyList<TeamWeek>> FreezeAsync(string tenantId, IReadOnlyList<TeamWeek> weeks, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _weeks.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        var posted = new List<TeamWeek>();
        foreach (var week in weeks)
        {
            var key = Key(week.Monday, week.TeamId);
            for (var attempt = 1; ; attempt++)
            {
                var row = await _weeks.GetEntityIfExistsAsync(pk, key, cancellationToken);
                if (row?.GetString(PostedProperty) is { } json && JsonSerializer.Deserialize<TeamWeek>(json, Json) is { } frozen)
                {
                    posted.Add(frozen);
                    break;
                }

                var entity = new TableEntity(pk, key) { [PostedProperty] = JsonSerializer.Serialize(week, Json), ["PostedAt"] = at };
                try
                {
                    if (row is null)
                    {
                        entity[JsonProperty] = entity[PostedProperty];
                        entity["RolledUpAt"] = at;
                        await _weeks.AddEntityAsync(entity, cancellationToken);
                    }
                    else
                    {
                        await _weeks.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Merge, cancellationToken);
                    }

                    posted.Add(week);
                    break;
                }
                catch (TableStorageException e) when (e.Status is 409 or 412 && attempt < 3)
                {
                    // Changed meanwhile (a rollup, or another instance freezing): read it again.
                }
            }
        }

        return posted;
    }

    /// <summary>The posted figures of the week <paramref name="monday"/> (none for a week whose card was never posted).</summary>
    public Task<IReadOnlyList<TeamWeek>> ReadPostedAsync(string tenantId, DateOnly monday, CancellationToken cancellationToken) =>
        ReadColumnAsync(tenantId, monday, monday, PostedProperty, cancellationToken);

    /// <summary>Every stored team week from <paramref name="first"/> to <paramref name="last"/> (Mondays, inclusive), as last rolled up.</summary>
    public Task<IReadOnlyList<TeamWeek>> ReadAsync(string tenantId, DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        ReadColumnAsync(tenantId, first, last, JsonProperty, cancellationToken);

    private async Task<IReadOnlyList<TeamWeek>> ReadColumnAsync(string tenantId, DateOnly first, DateOnly last, string column, CancellationToken cancellationToken)
    {
        await _weeks.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        var from = ScorecardWeek.Label(first) + "|";
        var to = ScorecardWeek.Label(last) + "|~";
        var list = new List<TeamWeek>();
        await foreach (var row in _weeks.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {from} and RowKey lt {to}"), cancellationToken))
        {
            if (row.GetString(column) is { } json && JsonSerializer.Deserialize<TeamWeek>(json, Json) is { } week)
            {
                list.Add(week);
            }
        }

        return list;
    }
}
