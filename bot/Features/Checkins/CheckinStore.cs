using CxBot.Storage;

namespace CxBot.Features.Checkins;

/// <summary>
/// Prompts, their delivery, answers and week summaries in the <c>Checkins</c> table (keys in <see cref="CheckinKeys"/>).
/// Every change to person-day rows goes in one transaction with the week's summary row, whose ETag makes concurrent writers
/// retry; an answer or a delivery outcome already counted is never counted twice, and a changed answer replaces its own
/// contribution. Each change is applied as the difference between the row before and after it (<see cref="CheckinTally.Shift"/>), so the
/// summary always equals <see cref="Recompute"/> of the rows.
/// </summary>
internal sealed class CheckinStore(TableServiceClient tables) : ICheckinResults
{
    private const int Attempts = 50;
    private const int MaxPerTransaction = 99;

    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    private readonly TableClient _table = tables.GetTableClient(CheckinNames.CheckinsTable);

    /// <summary>Writers of one week's summary take turns within this instance instead of colliding on its ETag.</summary>
    private readonly RowGates _summaryGates = new();

    /// <summary>
    /// Records that the prompt of <paramref name="date"/> is going to these people (delivery pending until
    /// <see cref="RecordDeliveryAsync"/>); those already recorded are not counted again.
    /// </summary>
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

                var rows = fresh.Select(u => new CheckinAnswer(teamId, u, date, null, Empty) { Delivery = CheckinDelivery.Pending }).ToList();
                var actions = rows.Select(a => new TableTransactionAction(TableTransactionActionType.Add, CheckinRows.Answer(pk, a, at))).ToList();
                return (actions, rows.Aggregate(summary, (week, row) => CheckinTally.Shift(week, null, row)));
            }, cancellationToken);
        }
    }

    /// <summary>The person-day row: null when no prompt of that team and day went to that person.</summary>
    public async Task<CheckinAnswer?> GetAsync(string tenantId, string teamId, DateOnly date, string userId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(CheckinKeys.Week(tenantId, teamId, date), CheckinKeys.Answer(date, userId), cancellationToken);
        return row is null ? null : CheckinRows.Read(row);
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

            // An answer proves the prompt arrived, whatever the send engine said or has yet to say.
            var before = CheckinRows.Read(row);
            var after = new CheckinAnswer(teamId, before.UserId, date, at, values);
            var answer = CheckinRows.Answer(pk, after, row.GetDateTimeOffset("PromptedAt") ?? at);
            return ([new TableTransactionAction(TableTransactionActionType.UpdateReplace, answer, row.ETag)], CheckinTally.Shift(summary, before, after));
        }, cancellationToken);
        return prompted;
    }

    /// <summary>
    /// Records how the prompt (or its reminder) of <paramref name="date"/> fared for each person, as the send engine settled
    /// it: delivered, or not reached with the reason. Delivered is final (a later "not reached", from a reminder or a resend,
    /// changes nothing); not reached becomes delivered when a reminder arrives; a pending row takes the first outcome. An
    /// outcome told again, or for a person not prompted that day, changes nothing, so the scheduler may record a job's
    /// outcomes as often as it likes. Returns how many rows changed.
    /// </summary>
    public async Task<int> RecordDeliveryAsync(string tenantId, string teamId, DateOnly date, IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = CheckinKeys.Week(tenantId, teamId, date);

        // One read of the day tells which outcomes are news; outcomes told again (the usual case) cost nothing more.
        var known = await RowsAsync(pk, CheckinKeys.AnswerDay(date), cancellationToken);
        var news = outcomes
            .DistinctBy(o => CheckinKeys.Answer(date, o.UserId), StringComparer.Ordinal)
            .Where(o => known.TryGetValue(CheckinKeys.Answer(date, o.UserId), out var row) && CheckinTally.Settle(CheckinRows.Read(row), o) is not null)
            .ToList();
        var changed = 0;
        foreach (var chunk in news.Chunk(MaxPerTransaction))
        {
            var written = 0;
            await WithSummaryAsync(pk, async summary =>
            {
                // Read again under the summary's ETag: an answer may have come in since.
                var rows = await Task.WhenAll(chunk.Select(o => _table.GetEntityIfExistsAsync(pk, CheckinKeys.Answer(date, o.UserId), cancellationToken)));
                var actions = new List<TableTransactionAction>();
                foreach (var (outcome, row) in chunk.Zip(rows))
                {
                    if (row is null || CheckinTally.Settle(CheckinRows.Read(row), outcome) is not { } after)
                    {
                        continue;
                    }

                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, CheckinRows.Answer(pk, after, row.GetDateTimeOffset("PromptedAt") ?? default), row.ETag));
                    summary = CheckinTally.Shift(summary, CheckinRows.Read(row), after);
                }

                written = actions.Count;
                return actions.Count == 0 ? null : (actions, summary);
            }, cancellationToken);
            changed += written;
        }

        return changed;
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
        return row is null ? null : new CheckinDay(date, row.GetDateTimeOffset("PromptedAt") ?? default, row.GetInt32("Prompted") ?? 0, row.GetDateTimeOffset("ReminderDue"), row.GetDateTimeOffset("RemindedAt"))
        {
            DeliveryRecordedAt = row.GetDateTimeOffset("DeliveryRecordedAt"),
            ReminderDeliveryRecordedAt = row.GetDateTimeOffset("ReminderDeliveryRecordedAt"),
        };
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

    /// <summary>Marks the delivery of the day's prompt (or, with <paramref name="reminder"/>, of its reminder) recorded (merge: the rest of the record stays).</summary>
    public Task MarkDeliveryRecordedAsync(string tenantId, string teamId, DateOnly date, bool reminder, DateTimeOffset at, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(CheckinKeys.Week(tenantId, teamId, date), CheckinKeys.Day(date)) { [reminder ? "ReminderDeliveryRecordedAt" : "DeliveryRecordedAt"] = at }, TableUpdateMode.Merge, cancellationToken);

    public async Task<CheckinWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(CheckinKeys.Week(tenantId, teamId, monday), CheckinKeys.Summary, cancellationToken);
        return row is null ? CheckinWeek.Empty : CheckinRows.ReadSummary(row);
    }

    public async Task<IReadOnlyList<CheckinAnswer>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken) =>
        await QueryAsync(CheckinKeys.Week(tenantId, teamId, monday), CheckinKeys.AnswerPrefix, cancellationToken);

    /// <summary>Recomputes a week's summary from its person-day rows (what the stored summary must equal).</summary>
    public static CheckinWeek Recompute(IEnumerable<CheckinAnswer> answers) => CheckinTally.Recompute(answers);

    /// <summary>
    /// A person-day row in partition <paramref name="pk"/> (<see cref="CheckinKeys.Week"/>): prompted at <paramref name="promptedAt"/>,
    /// its delivery, and the answer's time and values once answered. Public for bulk loads that must write exactly what the store writes.
    /// </summary>
    public static TableEntity AnswerRow(string pk, CheckinAnswer answer, DateTimeOffset promptedAt) => CheckinRows.Answer(pk, answer, promptedAt);

    /// <summary>The week's summary row in partition <paramref name="pk"/> (public for bulk loads that must write exactly what the store writes).</summary>
    public static TableEntity SummaryRow(string pk, CheckinWeek summary) => CheckinRows.Summary(pk, summary);

    /// <summary>Reads the summary, lets <paramref name="change"/> build the rows and the new summary, and submits both with the summary's ETag; a 409/412 starts again.</summary>
    private Task WithSummaryAsync(string pk, Func<CheckinWeek, Task<(List<TableTransactionAction> Actions, CheckinWeek Summary)?>> change, CancellationToken cancellationToken) =>
        _summaryGates.RunAsync(pk, CheckinKeys.Summary, () => SubmitWithSummaryAsync(pk, change, cancellationToken), cancellationToken);

    private async Task SubmitWithSummaryAsync(string pk, Func<CheckinWeek, Task<(List<TableTransactionAction> Actions, CheckinWeek Summary)?>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync(pk, CheckinKeys.Summary, cancellationToken);
            var summary = row is null ? CheckinWeek.Empty : CheckinRows.ReadSummary(row);
            if (await change(summary) is not { } result)
            {
                return;
            }

            var next = CheckinRows.Summary(pk, result.Summary);
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

    private async Task<Dictionary<string, TableEntity>> RowsAsync(string pk, string prefix, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {prefix} and RowKey lt {CheckinKeys.End(prefix)}"), cancellationToken))
        {
            rows[row.RowKey] = row;
        }

        return rows;
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
            list.Add(CheckinRows.Read(row));
        }

        return list;
    }
}
