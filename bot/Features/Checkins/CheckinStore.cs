using System.Text.Json;
using CxBot.Storage;

namespace CxBot.Features.Checkins;

/// <summary>
/// Prompts, answers and week summaries in the <c>Checkins</c> table (keys in <see cref="CheckinKeys"/>). Every change to
/// person-day rows goes in one transaction with the week's summary row, whose ETag makes concurrent writers retry; an
/// answer already counted is never counted twice, and a changed answer replaces its own contribution.
/// </summary>
internal sealed class CheckinStore(TableServiceClient tables) : ICheckinResults
{
    private const int Attempts = 50;
    private const int MaxPerTransaction = 99;
    private const string ValuesProperty = "Values";

    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    private readonly TableClient _table = tables.GetTableClient(CheckinNames.CheckinsTable);

    /// <summary>Writers of one week's summary take turns within this instance instead of colliding on its ETag.</summary>
    private readonly RowGates _summaryGates = new();

    /// <summary>Records that the prompt of <paramref name="date"/> went to these people; those already recorded are not counted again.</summary>
    public async Task RecordPromptedAsync(string tenantId, string teamId, DateOnly date, IReadOnlyList<string> userIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = CheckinKeys.Week(tenantId, teamId, date);
        foreach (var chunk in userIds.Distinct(StringComparer.OrdinalIgnoreCase).Chunk(MaxPerTransaction))
        {
            await WithSummaryAsync(pk, async summary =>
            {
                var known = await KnownAsync(pk, date, cancellationToken);
                var fresh = chunk.Where(u => !known.Contains(CheckinKeys.Answer(date, u))).ToList();
                if (fresh.Count == 0)
                {
                    return null;
                }

                var actions = fresh.Select(u => new TableTransactionAction(TableTransactionActionType.Add, AnswerRow(pk, new CheckinAnswer(teamId, u, date, null, Empty), at))).ToList();
                return (actions, summary with { Prompted = summary.Prompted + fresh.Count });
            }, cancellationToken);
        }
    }

    /// <summary>The person-day row: null when no prompt of that team and day went to that person.</summary>
    public async Task<CheckinAnswer?> GetAsync(string tenantId, string teamId, DateOnly date, string userId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(CheckinKeys.Week(tenantId, teamId, date), CheckinKeys.Answer(date, userId), cancellationToken);
        return row is null ? null : Read(row);
    }

    /// <summary>Stores (or replaces) a prompted person's answer; false when that person was not prompted for that team and day.</summary>
    public async Task<bool> AnswerAsync(string tenantId, string teamId, DateOnly date, string userId, IReadOnlyDictionary<string, double> values, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = CheckinKeys.Week(tenantId, teamId, date);
        var rk = CheckinKeys.Answer(date, userId);
        var prompted = true;
        await WithSummaryAsync(pk, async summary =>
        {
            var row = await _table.GetEntityIfExistsAsync(pk, rk, cancellationToken);
            if (row is null)
            {
                prompted = false;
                return null;
            }

            var before = Read(row);
            var next = new Dictionary<string, ValueTotal>(summary.Values);
            if (before.AnsweredAt is not null)
            {
                Add(next, before.Values, -1);
            }

            Add(next, values, +1);
            var answer = AnswerRow(pk, new CheckinAnswer(teamId, before.UserId, date, at, values), row.GetDateTimeOffset("PromptedAt") ?? at);
            var updated = new CheckinWeek(summary.Prompted, summary.Answered + (before.AnsweredAt is null ? 1 : 0), next);
            return ([new TableTransactionAction(TableTransactionActionType.UpdateReplace, answer, row.ETag)], updated);
        }, cancellationToken);
        return prompted;
    }

    /// <summary>The people prompted on <paramref name="date"/> who have not answered.</summary>
    public async Task<IReadOnlyList<string>> UnansweredAsync(string tenantId, string teamId, DateOnly date, CancellationToken cancellationToken)
    {
        var answers = await QueryAsync(CheckinKeys.Week(tenantId, teamId, date), CheckinKeys.AnswerDay(date), cancellationToken);
        return [.. answers.Where(a => a.AnsweredAt is null).Select(a => a.UserId)];
    }

    /// <summary>The team-day's schedule record, or null before its prompt went out.</summary>
    public async Task<CheckinDay?> GetDayAsync(string tenantId, string teamId, DateOnly date, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(CheckinKeys.Week(tenantId, teamId, date), CheckinKeys.Day(date), cancellationToken);
        return row is null ? null : new CheckinDay(date, row.GetDateTimeOffset("PromptedAt") ?? default, row.GetInt32("Prompted") ?? 0, row.GetDateTimeOffset("ReminderDue"), row.GetDateTimeOffset("RemindedAt"));
    }

    /// <summary>Writes the team-day's record; one already there (another instance, a retry) is kept as it is.</summary>
    public async Task SaveDayAsync(string tenantId, string teamId, CheckinDay day, CancellationToken cancellationToken)
    {
        var row = new TableEntity(CheckinKeys.Week(tenantId, teamId, day.Date), CheckinKeys.Day(day.Date)) { ["PromptedAt"] = day.PromptedAt, ["Prompted"] = day.Prompted };
        if (day.ReminderDue is { } due)
        {
            row["ReminderDue"] = due;
        }

        if (day.RemindedAt is { } reminded)
        {
            row["RemindedAt"] = reminded;
        }

        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
        }
        catch (TableStorageException e) when (e.Status == 409)
        {
            // Already recorded.
        }
    }

    /// <summary>Marks the reminder sent (merge: the rest of the record stays).</summary>
    public Task MarkRemindedAsync(string tenantId, string teamId, DateOnly date, DateTimeOffset at, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(CheckinKeys.Week(tenantId, teamId, date), CheckinKeys.Day(date)) { ["RemindedAt"] = at }, TableUpdateMode.Merge, cancellationToken);

    public async Task<CheckinWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(CheckinKeys.Week(tenantId, teamId, monday), CheckinKeys.Summary, cancellationToken);
        return row is null ? CheckinWeek.Empty : ReadSummary(row);
    }

    public async Task<IReadOnlyList<CheckinAnswer>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken) =>
        await QueryAsync(CheckinKeys.Week(tenantId, teamId, monday), CheckinKeys.AnswerPrefix, cancellationToken);

    /// <summary>Recomputes a week's summary from its person-day rows (what the stored summary must equal).</summary>
    public static CheckinWeek Recompute(IEnumerable<CheckinAnswer> answers)
    {
        var list = answers.ToList();
        var values = new Dictionary<string, ValueTotal>(StringComparer.Ordinal);
        foreach (var a in list.Where(a => a.AnsweredAt is not null))
        {
            Add(values, a.Values, +1);
        }

        return new CheckinWeek(list.Count, list.Count(a => a.AnsweredAt is not null), values);
    }

    /// <summary>
    /// A person-day row in partition <paramref name="pk"/> (<see cref="CheckinKeys.Week"/>): prompted at <paramref name="promptedAt"/>,
    /// with the answer's time and values once answered. Public for bulk loads that must write exactly what the store writes.
    /// </summary>
    public static TableEntity AnswerRow(string pk, CheckinAnswer answer, DateTimeOffset promptedAt)
    {
        var row = new TableEntity(pk, CheckinKeys.Answer(answer.Date, answer.UserId))
        {
            ["TeamId"] = answer.TeamId,
            ["UserId"] = answer.UserId,
            ["Date"] = CheckinKeys.Date(answer.Date),
            ["PromptedAt"] = promptedAt,
        };
        if (answer.AnsweredAt is { } answeredAt)
        {
            row["AnsweredAt"] = answeredAt;
            row[ValuesProperty] = JsonSerializer.Serialize(answer.Values);
        }

        return row;
    }

    /// <summary>The week's summary row in partition <paramref name="pk"/> (public for bulk loads that must write exactly what the store writes).</summary>
    public static TableEntity SummaryRow(string pk, CheckinWeek summary) => new(pk, CheckinKeys.Summary)
    {
        ["Prompted"] = summary.Prompted,
        ["Answered"] = summary.Answered,
        [ValuesProperty] = JsonSerializer.Serialize(summary.Values.ToDictionary(v => v.Key, v => new[] { v.Value.Sum, v.Value.Count })),
    };

    /// <summary>Reads the summary, lets <paramref name="change"/> build the rows and the new summary, and submits both with the summary's ETag; a 409/412 starts again.</summary>
    private Task WithSummaryAsync(string pk, Func<CheckinWeek, Task<(List<TableTransactionAction> Actions, CheckinWeek Summary)?>> change, CancellationToken cancellationToken) =>
        _summaryGates.RunAsync(pk, CheckinKeys.Summary, () => SubmitWithSummaryAsync(pk, change, cancellationToken), cancellationToken);

    private async Task SubmitWithSummaryAsync(string pk, Func<CheckinWeek, Task<(List<TableTransactionAction> Actions, CheckinWeek Summary)?>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync(pk, CheckinKeys.Summary, cancellationToken);
            var summary = row is null ? CheckinWeek.Empty : ReadSummary(row);
            if (await change(summary) is not { } result)
            {
                return;
            }

            var next = SummaryRow(pk, result.Summary);
            TableTransactionAction write = row is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, row.ETag);
            try
            {
                await _table.SubmitTransactionAsync([.. result.Actions, write], cancellationToken);
                return;
            }
            catch (TableStorageException e) when (e.Status is 409 or 412 && attempt < Attempts)
            {
                // Someone wrote the week (or the same person-day) meanwhile: read again and redo, after a short random
                // pause so that writers racing for the row spread out rather than collide again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 20))), cancellationToken);
            }
        }
    }

    private async Task<HashSet<string>> KnownAsync(string pk, DateOnly date, CancellationToken cancellationToken)
    {
        var prefix = CheckinKeys.AnswerDay(date);
        var known = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {prefix} and RowKey lt {CheckinKeys.End(prefix)}"), cancellationToken))
        {
            known.Add(row.RowKey);
        }

        return known;
    }

    private async Task<IReadOnlyList<CheckinAnswer>> QueryAsync(string pk, string prefix, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var list = new List<CheckinAnswer>();
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {prefix} and RowKey lt {CheckinKeys.End(prefix)}"), cancellationToken))
        {
            list.Add(Read(row));
        }

        return list;
    }

    private static void Add(Dictionary<string, ValueTotal> totals, IReadOnlyDictionary<string, double> values, int sign)
    {
        foreach (var (id, value) in values)
        {
            var now = totals.GetValueOrDefault(id) ?? new ValueTotal(0, 0);
            var next = new ValueTotal(Math.Round(now.Sum + (sign * value), 6), now.Count + sign);
            if (next.Count == 0)
            {
                totals.Remove(id);
            }
            else
            {
                totals[id] = next;
            }
        }
    }

    private static CheckinAnswer Read(TableEntity row) => new(
        row.GetString("TeamId") ?? "",
        row.GetString("UserId") ?? "",
        DateOnly.ParseExact(row.GetString("Date") ?? "0001-01-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        row.GetDateTimeOffset("AnsweredAt"),
        row.GetString(ValuesProperty) is { } json ? JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [] : new Dictionary<string, double>());

    private static CheckinWeek ReadSummary(TableEntity row)
    {
        var raw = row.GetString(ValuesProperty) is { } json ? JsonSerializer.Deserialize<Dictionary<string, double[]>>(json) ?? [] : [];
        return new CheckinWeek(
            row.GetInt32("Prompted") ?? 0,
            row.GetInt32("Answered") ?? 0,
            raw.Where(v => v.Value.Length == 2).ToDictionary(v => v.Key, v => new ValueTotal(v.Value[0], (int)v.Value[1]), StringComparer.Ordinal));
    }
}
