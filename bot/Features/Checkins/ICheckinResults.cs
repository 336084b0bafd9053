namespace CxBot.Features.Checkins;

/// <summary>
/// What check-ins recorded, for the scorecards. Weeks run Monday to Sunday in the team's time zone; <c>monday</c> is that
/// week's local Monday. The summary is kept up to date as answers are written (same partition, one transaction), so a
/// scorecard reads one small row per team and week; the answers are there to recompute it from scratch.
/// </summary>
internal interface ICheckinResults
{
    /// <summary>The team's totals for the week (all zero when nothing was sent or answered).</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<CheckinWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken);

    /// <summary>Every prompt and answer of the team in the week, for recomputation.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<CheckinAnswer>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken);
}

/// <summary>
/// A team's check-in week. <see cref="Prompted"/>: person-days a prompt was sent; <see cref="Answered"/>: person-days
/// answered. <see cref="Values"/>: per standard id, the sum and count of the answers (1–5 for soft standards, the recorded
/// figure for hand-recorded hard ones).
/// </summary>
internal sealed record CheckinWeek(int Prompted, int Answered, IReadOnlyDictionary<string, ValueTotal> Values)
{
    public static readonly CheckinWeek Empty = new(0, 0, new Dictionary<string, ValueTotal>());
}

/// <summary>A running sum and count, so an average is exact when weeks or teams are added up.</summary>
internal sealed record ValueTotal(double Sum, int Count);

/// <summary>One person's check-in for one local day: prompted, and (when <see cref="AnsweredAt"/> is set) their values by standard id.</summary>
internal sealed record CheckinAnswer(
    string TeamId,
    string UserId,
    DateOnly Date,
    DateTimeOffset? AnsweredAt,
    IReadOnlyDictionary<string, double> Values);
