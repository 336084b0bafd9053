using System.Text.Json;
using System.Text.Json.Serialization;
using CxBot.Storage;

namespace CxBot.Features.Scorecards;

/// <summary>
/// The scorecards' own small tables. <c>ScorecardWeeks</c>: PartitionKey = tenant, RowKey = ISO week|team, one row per team
/// and week holding its <see cref="TeamWeek"/> as JSON, so a card for any number of weeks is one range query of one partition.
/// <c>ScorecardDeliveries</c>: PartitionKey = tenant, RowKey = channel|week, the exactly-once claim of each weekly post.
/// </summary>
internal sealed class ScorecardStore(TableServiceClient tables)
{
    public const string WeeksTable = "ScorecardWeeks";
    public const string DeliveriesTable = "ScorecardDeliveries";
    private const string JsonProperty = "Json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TableClient _weeks = tables.GetTableClient(WeeksTable);

    public TableClient Deliveries { get; } = tables.GetTableClient(DeliveriesTable);

    public static string Key(DateOnly monday, string teamId) => ScorecardWeek.Label(monday) + "|" + TableKeys.ToSafeKey(teamId);

    /// <summary>Replaces the stored weeks with <paramref name="weeks"/> (idempotent), 100 rows per transaction.</summary>
    public async Task SaveAsync(string tenantId, IEnumerable<TeamWeek> weeks, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _weeks.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        foreach (var chunk in weeks.Chunk(100))
        {
            await _weeks.SubmitTransactionAsync(
                chunk.Select(w => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(pk, Key(w.Monday, w.TeamId)) { [JsonProperty] = JsonSerializer.Serialize(w, Json), ["RolledUpAt"] = at })),
                cancellationToken);
        }
    }

    /// <summary>Every stored team week from <paramref name="first"/> to <paramref name="last"/> (Mondays, inclusive).</summary>
    public async Task<IReadOnlyList<TeamWeek>> ReadAsync(string tenantId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        await _weeks.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        var from = ScorecardWeek.Label(first) + "|";
        var to = ScorecardWeek.Label(last) + "|~";
        var list = new List<TeamWeek>();
        await foreach (var row in _weeks.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {from} and RowKey lt {to}"), cancellationToken))
        {
            if (row.GetString(JsonProperty) is { } json && JsonSerializer.Deserialize<TeamWeek>(json, Json) is { } week)
            {
                list.Add(week);
            }
        }

        return list;
    }
}
