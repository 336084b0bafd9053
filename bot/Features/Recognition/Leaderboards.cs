using System.Globalization;

namespace CxBot.Features.Recognition;

/// <summary>The leaderboard periods.</summary>
internal enum LeaderboardPeriod
{
    Week,
    Month,
    Quarter,
}

/// <summary>A badge earned at <see cref="Points"/> points in a period.</summary>
internal sealed record BadgeThreshold(string Name, string Emoji, int Points);

/// <summary>How points are counted: per recognition received and given, and the badges by threshold.</summary>
internal sealed record PointsRules(int PerReceived, int PerGiven, IReadOnlyList<BadgeThreshold> Badges);

/// <summary>A period in a time zone: its first instant (inclusive) and its end (exclusive), in UTC, and its local first day.</summary>
internal sealed record PeriodRange(LeaderboardPeriod Period, DateTimeOffset Start, DateTimeOffset End, DateOnly FirstDay);

/// <summary>One line of a leaderboard.</summary>
internal sealed record Standing(string PersonId, string Name, int Points, int Received, int Given, BadgeThreshold? Badge);

/// <summary>
/// Points and leaderboards, computed from the shout-outs of a period in one time zone. Breadth over volume: a giver's
/// shout-outs to the same person on the same local day count once, for both of them.
/// </summary>
internal static class Leaderboards
{
    /// <summary>The period containing <paramref name="now"/> in <paramref name="zone"/>: weeks start on Monday, quarters in January, April, July, October.</summary>
    public static PeriodRange RangeOf(LeaderboardPeriod period, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var first = period switch
        {
            LeaderboardPeriod.Week => today.AddDays(-(((int)today.DayOfWeek + 6) % 7)),
            LeaderboardPeriod.Month => new DateOnly(today.Year, today.Month, 1),
            _ => new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1),
        };
        var end = period switch
        {
            LeaderboardPeriod.Week => first.AddDays(7),
            LeaderboardPeriod.Month => first.AddMonths(1),
            _ => first.AddMonths(3),
        };
        return new PeriodRange(period, StartOfDay(first, zone), StartOfDay(end, zone), first);
    }

    /// <summary>The UTC months (<c>yyyy-MM</c>) whose partitions hold the period's shout-outs.</summary>
    public static IReadOnlyList<string> MonthsOf(PeriodRange range)
    {
        List<string> months = [];
        var month = new DateTime(range.Start.UtcDateTime.Year, range.Start.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (; month < range.End.UtcDateTime; month = month.AddMonths(1))
        {
            months.Add(month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }

        return months;
    }

    /// <summary>Every person's standing in the period, best first (ties by name); <paramref name="include"/> filters the people shown.</summary>
    public static IReadOnlyList<Standing> Compute(IEnumerable<ShoutOut> shoutOuts, PeriodRange range, TimeZoneInfo zone, PointsRules rules, Func<string, bool> include)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var received = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var given = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var counted = new HashSet<(string, string, DateOnly)>();
        foreach (var s in shoutOuts.Where(s => s.GivenAt >= range.Start && s.GivenAt < range.End).OrderBy(s => s.GivenAt))
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.GivenAt, zone).DateTime);
            names[s.GiverId] = s.GiverName;
            foreach (var r in s.Recipients)
            {
                names[r.AadObjectId] = r.Name;
                if (counted.Add((s.GiverId.ToLowerInvariant(), r.AadObjectId.ToLowerInvariant(), day)))
                {
                    received[r.AadObjectId] = received.GetValueOrDefault(r.AadObjectId) + 1;
                    given[s.GiverId] = given.GetValueOrDefault(s.GiverId) + 1;
                }
            }
        }

        return [.. names.Keys.Where(include)
            .Select(id =>
            {
                var (r, g) = (received.GetValueOrDefault(id), given.GetValueOrDefault(id));
                var points = (r * rules.PerReceived) + (g * rules.PerGiven);
                return new Standing(id, names[id], points, r, g, rules.Badges.Where(b => points >= b.Points).MaxBy(b => b.Points));
            })
            .Where(s => s.Points > 0)
            .OrderByDescending(s => s.Points).ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    private static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
