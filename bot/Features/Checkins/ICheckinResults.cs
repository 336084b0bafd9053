namespace CxBot.Features.Checkins;

/// <summary>
/// What check-ins recorded, for the scorecards. Weeks run Monday to Sunday in the team's time zone; <c>monday</c> is that
/// week's local Monday. The summary is kept up to date as prompts, delivery outcomes and answers are written (same
/// partition, one transaction), so a scorecard reads one small row per team and week; the answers are there to recompute
/// it from scratch (<see cref="CheckinStore.Recompute"/> gives the same figures from them).
/// </summary>
/// <remarks>
/// The figures, per team and week, each counted in person-days (one person, one local day):
/// <list type="bullet">
/// <item><see cref="CheckinWeek.Prompted"/>: prompts CxBot set out to send (the scheduler created the day's send job for them).</item>
/// <item><see cref="CheckinWeek.Delivered"/>: of those, the prompts that arrived: Teams accepted the prompt or its reminder
/// into the person's chat, or the person answered (an answer proves it arrived).</item>
/// <item><see cref="CheckinWeek.Answered"/>: of those delivered, the ones answered (every answered day is a delivered day).</item>
/// <item>Participation is <c>Answered / Delivered</c>; a week with nothing delivered has no participation figure.</item>
/// <item><see cref="CheckinWeek.NotReached"/>: the distinct people with at least one prompt of the week that could not
/// be delivered (the send engine settled it unreachable or gave up), each with the reason of their latest such day and
/// the number of such days; a person reached later the same day (the reminder arrived, or they answered) is not in it.</item>
/// <item>Prompts still on their way when read (<see cref="CheckinWeek.Awaiting"/>) are in neither figure; they settle
/// within minutes of the prompt.</item>
/// </list>
/// Rows and summaries written before delivery was recorded count every prompted day as delivered, so the figures of older
/// weeks do not change.
/// </remarks>
internal interface ICheckinResults
{
    /// <summary>The team's totals for the week (all zero when nothing was sent or answered).</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<CheckinWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken);

    /// <summary>Every prompt and answer of the team in the week, each with its delivery state, for recomputation.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<CheckinAnswer>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken);
}

/// <summary>
/// A team's check-in week (definitions on <see cref="ICheckinResults"/>). <see cref="Prompted"/>: person-days a prompt was
/// sent out; <see cref="Answered"/>: person-days answered. <see cref="Values"/>: per standard id, the sum and count of the
/// answers (1–5 for soft standards, the recorded figure for hand-recorded hard ones).
/// </summary>
internal sealed record CheckinWeek(int Prompted, int Answered, IReadOnlyDictionary<string, ValueTotal> Values)
{
    public static readonly CheckinWeek Empty = new(0, 0, new Dictionary<string, ValueTotal>()) { Delivered = 0 };

    private readonly int? _delivered;

    /// <summary>
    /// Person-days whose prompt arrived (or was answered). Not set (a summary written before delivery was recorded, or a
    /// week built by code that predates it): equal to <see cref="Prompted"/>.
    /// </summary>
    public int Delivered
    {
        get => _delivered ?? Prompted;
        init => _delivered = value;
    }

    /// <summary>The distinct people whose prompt did not arrive on at least one day of the week, by user id (ordinal).</summary>
    public IReadOnlyList<NotReachedPerson> NotReached { get; init; } = [];

    /// <summary>Person-days whose prompt did not arrive (the sum of <see cref="NotReachedPerson.Days"/>).</summary>
    public int NotReachedDays => NotReached.Sum(p => p.Days);

    /// <summary>Person-days prompted whose outcome is not known yet: neither delivered nor not reached.</summary>
    public int Awaiting => Prompted - Delivered - NotReachedDays;
}

/// <summary>A running sum and count, so an average is exact when weeks or teams are added up.</summary>
internal sealed record ValueTotal(double Sum, int Count);

/// <summary>
/// One person's check-in for one local day: prompted, and (when <see cref="AnsweredAt"/> is set) their values by standard
/// id. <see cref="Delivery"/> says whether the prompt arrived (an answered row is always delivered).
/// </summary>
internal sealed record CheckinAnswer(
    string TeamId,
    string UserId,
    DateOnly Date,
    DateTimeOffset? AnsweredAt,
    IReadOnlyDictionary<string, double> Values)
{
    /// <summary>Whether the prompt arrived. Rows written before delivery was recorded (and code that does not set it): delivered.</summary>
    public CheckinDelivery Delivery { get; init; } = CheckinDelivery.Delivered;

    /// <summary>Why the prompt did not arrive, when <see cref="Delivery"/> is <see cref="CheckinDelivery.NotReached"/>; otherwise null.</summary>
    public NotReachedReason? NotReachedReason { get; init; }
}
