using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CxBot.Storage;

namespace CxBot.Features.Measures;

/// <summary>A change a manager asked for: a standard's new figure, or (<see cref="Value"/> null) clearing it; <see cref="Seen"/> is what their card showed.</summary>
internal sealed record MeasureChange(string StandardId, decimal? Value, decimal? Seen);

/// <summary>
/// What a save did. <see cref="Saved"/>: every change is stored (or was already). Otherwise <see cref="Conflicts"/> names the
/// standards someone else changed since the card was drawn (nothing was saved), or, with none, storage stayed too busy.
/// <see cref="Latest"/>: the week's figures as stored now.
/// </summary>
internal sealed record MeasureSave(bool Saved, IReadOnlyDictionary<string, RecordedMeasure> Latest, IReadOnlyList<string> Conflicts);

/// <summary>
/// The <c>Measures</c> table: PartitionKey = tenant|team, RowKey = ISO week of the team's local Monday (<c>2026-W49</c>); one
/// row per team-week holding every recorded figure with who recorded it and when (JSON, values as invariant decimal text).
/// Saves are read-modify-write over the row's ETag: two managers recording different standards of one week both keep their
/// figures; one who changes a figure someone else changed since their card was drawn is refused, with the latest figures.
/// Saving what is already stored changes nothing, so a redelivered save is harmless.
/// </summary>
internal sealed class MeasureStore(TableServiceClient tables) : IMeasureResults
{
    private const int Attempts = 8;
    private const string ValuesColumn = "Values";
    private readonly TableClient _table = tables.GetTableClient(MeasureNames.Table);

    public static string Partition(string tenantId, string teamId) => TableKeys.ToSafeKey(tenantId) + "|" + TableKeys.ToSafeKey(teamId);

    public async Task<IReadOnlyDictionary<string, RecordedMeasure>> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(Partition(tenantId, teamId), MeasureWeek.Key(MeasureWeek.MondayOf(monday)), cancellationToken);
        return Read(row);
    }

    /// <summary>Applies <paramref name="changes"/> all together or not at all (see <see cref="MeasureSave"/>).</summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task<MeasureSave> SaveAsync(
        string tenantId, string teamId, DateOnly monday, IReadOnlyList<MeasureChange> changes, string userId, string? userName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = Partition(tenantId, teamId);
        var rk = MeasureWeek.Key(MeasureWeek.MondayOf(monday));
        IReadOnlyDictionary<string, RecordedMeasure> latest = new Dictionary<string, RecordedMeasure>();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync(pk, rk, cancellationToken);
            latest = Read(row);
            var next = new Dictionary<string, RecordedMeasure>(latest, StringComparer.Ordinal);
            var conflicts = new List<string>();
            foreach (var change in changes)
            {
                var now = latest.GetValueOrDefault(change.StandardId)?.Value;
                if (now == change.Value)
                {
                    continue; // already so: nothing to write (a redelivered save lands here)
                }

                if (now != change.Seen)
                {
                    conflicts.Add(change.StandardId);
                    continue;
                }

                if (change.Value is { } value)
                {
                    next[change.StandardId] = new RecordedMeasure(change.StandardId, value, userId, userName, at);
                }
                else
                {
                    next.Remove(change.StandardId);
                }
            }

            if (conflicts.Count > 0)
            {
                return new MeasureSave(false, latest, conflicts);
            }

            if (Same(next, latest))
            {
                return new MeasureSave(true, latest, []);
            }

            var entity = new TableEntity(pk, rk)
            {
                ["TeamId"] = teamId,
                ["Week"] = rk,
                [ValuesColumn] = JsonSerializer.Serialize(next.Values.OrderBy(v => v.StandardId, StringComparer.Ordinal).Select(Stored.Of).ToList()),
                ["ChangedBy"] = userId,
                ["ChangedAt"] = at,
            };
            try
            {
                if (row is null)
                {
                    await _table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return new MeasureSave(true, next, []);
            }
            catch (TableETagMismatchException)
            {
                // Someone saved the same week in between: read again and merge onto what they wrote.
            }
            catch (TableStorageException e) when (e.IsAlreadyExists)
            {
                // Someone created the week's row in between: the same.
            }
        }

        return new MeasureSave(false, latest, []);
    }

    private static bool Same(Dictionary<string, RecordedMeasure> next, IReadOnlyDictionary<string, RecordedMeasure> latest) =>
        next.Count == latest.Count && next.All(p => latest.TryGetValue(p.Key, out var o) && ReferenceEquals(o, p.Value));

    private static IReadOnlyDictionary<string, RecordedMeasure> Read(TableEntity? row)
    {
        var values = new Dictionary<string, RecordedMeasure>(StringComparer.Ordinal);
        if (row?.GetString(ValuesColumn) is not { } json)
        {
            return values;
        }

        foreach (var stored in JsonSerializer.Deserialize<List<Stored>>(json) ?? [])
        {
            if (stored.ToMeasure() is { } measure)
            {
                values[measure.StandardId] = measure;
            }
        }

        return values;
    }

    /// <summary>Invariant decimal text: "96.5", "1250".</summary>
    public static string Format(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    public static decimal? Parse(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>One figure as stored.</summary>
    private sealed record Stored(
        [property: JsonPropertyName("standardId")] string StandardId,
        [property: JsonPropertyName("value")] string Value,
        [property: JsonPropertyName("by")] string By,
        [property: JsonPropertyName("byName")] string? ByName,
        [property: JsonPropertyName("at")] DateTimeOffset At)
    {
        public static Stored Of(RecordedMeasure m) => new(m.StandardId, Format(m.Value), m.RecordedById, m.RecordedByName, m.RecordedAt);

        public RecordedMeasure? ToMeasure() => Parse(Value) is { } value ? new RecordedMeasure(StandardId, value, By, ByName, At) : null;
    }
}
