namespace CxBot.Features.Checkins;

/// <summary>
/// A week's figures as sums over its person-day rows: <see cref="Recompute"/> from scratch, <see cref="Shift"/> for one row
/// changing (what the store applies in the transaction that writes the row), and <see cref="Settle"/> for a delivery outcome.
/// Both give the same figures, so the stored summary always equals the recomputation.
/// </summary>
internal static class CheckinTally
{
    /// <summary>The week's summary from its person-day rows.</summary>
    public static CheckinWeek Recompute(IEnumerable<CheckinAnswer> answers)
    {
        var list = answers.ToList();
        var values = new Dictionary<string, ValueTotal>(StringComparer.Ordinal);
        foreach (var a in list.Where(a => a.AnsweredAt is not null))
        {
            Add(values, a.Values, +1);
        }

        var notReached = list
            .Where(a => a.Delivery == CheckinDelivery.NotReached)
            .GroupBy(a => a.UserId, StringComparer.Ordinal)
            .Select(g => new NotReachedPerson(g.Key, g.ToDictionary(a => a.Date, a => a.NotReachedReason ?? NotReachedReason.Failed)))
            .OrderBy(p => p.UserId, StringComparer.Ordinal)
            .ToList();
        return new CheckinWeek(list.Count, list.Count(a => a.AnsweredAt is not null), values)
        {
            Delivered = list.Count(a => a.Delivery == CheckinDelivery.Delivered),
            NotReached = notReached,
        };
    }

    /// <summary>
    /// The summary <paramref name="week"/> once one person-day row goes from <paramref name="before"/> (null: a new row) to
    /// <paramref name="after"/>: each figure loses the row's old contribution and gains its new one.
    /// </summary>
    public static CheckinWeek Shift(CheckinWeek week, CheckinAnswer? before, CheckinAnswer after)
    {
        var values = new Dictionary<string, ValueTotal>(week.Values, StringComparer.Ordinal);
        if (before?.AnsweredAt is not null)
        {
            Add(values, before.Values, -1);
        }

        if (after.AnsweredAt is not null)
        {
            Add(values, after.Values, +1);
        }

        static int Answered(CheckinAnswer? a) => a?.AnsweredAt is null ? 0 : 1;
        static int Delivered(CheckinAnswer? a) => a?.Delivery == CheckinDelivery.Delivered ? 1 : 0;
        var people = week.NotReached.ToDictionary(p => p.UserId, p => new Dictionary<DateOnly, NotReachedReason>(p.ByDay), StringComparer.Ordinal);
        if (before?.Delivery == CheckinDelivery.NotReached && people.TryGetValue(before.UserId, out var days))
        {
            days.Remove(before.Date);
        }

        if (after.Delivery == CheckinDelivery.NotReached)
        {
            people.TryAdd(after.UserId, []);
            people[after.UserId][after.Date] = after.NotReachedReason ?? NotReachedReason.Failed;
        }

        return new CheckinWeek(week.Prompted + (before is null ? 1 : 0), week.Answered - Answered(before) + Answered(after), values)
        {
            Delivered = week.Delivered - Delivered(before) + Delivered(after),
            NotReached = [.. people.Where(p => p.Value.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new NotReachedPerson(p.Key, p.Value))],
        };
    }

    /// <summary>The row once <paramref name="outcome"/> is applied, or null when it changes nothing (see <see cref="CheckinStore.RecordDeliveryAsync"/>).</summary>
    public static CheckinAnswer? Settle(CheckinAnswer row, DeliveryOutcome outcome) => (row.Delivery, outcome.Reason) switch
    {
        (CheckinDelivery.Delivered, _) => null,
        (_, null) => row with { Delivery = CheckinDelivery.Delivered, NotReachedReason = null },
        (CheckinDelivery.Pending, { } reason) => row with { Delivery = CheckinDelivery.NotReached, NotReachedReason = reason },
        _ => null,
    };

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
}
