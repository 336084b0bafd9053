using CxBot.Features.Checkins;

namespace CxBot.Features.Scorecards;

/// <summary>
/// One team's week as rolled up for the scorecards: every figure a card shows, in a form that adds up exactly across teams
/// (sums and counts, never averages; durations kept so medians stay exact). The rollup and the recomputation both produce one.
/// <see cref="AsOf"/> is the instant the figures describe: the records as they stood then (null in rollups stored before it).
/// Check-ins: <see cref="Prompted"/> person-days, <see cref="Delivered"/> of them arrived, <see cref="Answered"/>; the people whose
/// prompts could not be delivered are <see cref="NotReached"/>, by user id with the reason in words.
/// <see cref="CustomerValues"/>: per soft standard id, the sum and count of the customers' survey scores of the week (null in
/// rollups stored before it: read as none).
/// The organisation's own row (<see cref="ScorecardScope.Organisation"/> as the team id) holds only what cannot be added up
/// from the teams' rows: the shout-outs, counted once however many teams their people are in.
/// </summary>
internal sealed record TeamWeek(
    string TeamId,
    DateOnly Monday,
    int Prompted,
    int Answered,
    IReadOnlyDictionary<string, ValueTotal> Values,
    IncidentWeek Incidents,
    IdeaWeek Ideas,
    RecognitionWeek Recognition,
    DateTimeOffset? AsOf = null,
    int? Delivered = null,
    IReadOnlyDictionary<string, string>? NotReached = null,
    IReadOnlyDictionary<string, ValueTotal>? CustomerValues = null)
{
    private static readonly IReadOnlyDictionary<string, ValueTotal> NoValues = new SortedDictionary<string, ValueTotal>(StringComparer.Ordinal);

    /// <summary>The customers' scores by soft standard id; none in rollups stored before they were kept (not stored: <see cref="CustomerValues"/> is).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, ValueTotal> Customers => CustomerValues ?? NoValues;

    /// <summary>Check-ins that arrived (or were answered); rollups stored before it was kept count every prompt.</summary>
    public int Arrived => Delivered ?? Prompted;

    public static TeamWeek Empty(string teamId, DateOnly monday) =>
        new(teamId, monday, 0, 0, new SortedDictionary<string, ValueTotal>(StringComparer.Ordinal), IncidentWeek.Empty, IdeaWeek.Empty, RecognitionWeek.Empty);
}

/// <summary>
/// Incidents logged in the week (whenever they happened), as they stood at the week's <see cref="TeamWeek.AsOf"/>: counts by
/// status and breakdown, money, and the seconds from logging to the first triage action and to resolution of those
/// acknowledged or resolved by then (sorted). <see cref="Cost"/> sums the costs that are known; <see cref="CostUnknown"/>
/// counts the incidents logged without one, so a card says "at least" rather than treating them as free.
/// <see cref="OccurredEarlier"/> counts those that happened before the week began; <see cref="Targets"/> holds, by severity,
/// how many met the acknowledge and resolve targets and how many were overdue. Fields added later read 0 or null in
/// rollups stored before them.
/// </summary>
internal sealed record IncidentWeek(
    int Logged,
    int Resolved,
    int Declined,
    int Recovered,
    decimal Cost,
    IReadOnlyDictionary<string, int> BySeverity,
    IReadOnlyDictionary<string, int> ByTouchpoint,
    IReadOnlyDictionary<string, int> ByStandard,
    IReadOnlyDictionary<string, int> ByCause,
    IReadOnlyList<long> AcknowledgeSeconds,
    IReadOnlyList<long> ResolveSeconds,
    int CostUnknown = 0,
    int OccurredEarlier = 0,
    IReadOnlyDictionary<string, TargetCounts>? Targets = null)
{
    public static readonly IncidentWeek Empty = new(0, 0, 0, 0, 0, Counts.None, Counts.None, Counts.None, Counts.None, [], []);

    public int Open => Logged - Resolved - Declined;

    /// <summary>The targets of every severity added up.</summary>
    public TargetCounts AllTargets => TargetCounts.Sum(Targets?.Values ?? []);
}

/// <summary>
/// The incident targets' figures for one severity, as of the week's instant. <see cref="AcknowledgeDue"/>: incidents acknowledged
/// or past their acknowledge-by time (whose outcome is known), of which <see cref="AcknowledgedInTime"/> had their first triage
/// action by then. <see cref="ResolveDue"/>: incidents not declined that are resolved or past their resolve-by time, of which
/// <see cref="ResolvedInTime"/> were resolved by then. <see cref="Overdue"/>: still open and past either time.
/// </summary>
internal sealed record TargetCounts(int Logged, int AcknowledgeDue, int AcknowledgedInTime, int ResolveDue, int ResolvedInTime, int Overdue)
{
    public static TargetCounts Sum(IEnumerable<TargetCounts> all)
    {
        var list = all.ToList();
        return new(
            list.Sum(t => t.Logged), list.Sum(t => t.AcknowledgeDue), list.Sum(t => t.AcknowledgedInTime), list.Sum(t => t.ResolveDue), list.Sum(t => t.ResolvedInTime), list.Sum(t => t.Overdue));
    }
}

/// <summary>
/// Ideas of the team: submitted in the week; accepted and implemented in the week (decisions taken in the week, whatever the
/// idea's status is now; one idea accepted and implemented in the week counts in both); the most voted of those submitted in the
/// week, and the implemented ones (wins).
/// </summary>
internal sealed record IdeaWeek(int Submitted, int Accepted, int Implemented, IdeaMention? MostVoted, IReadOnlyList<IdeaMention> ImplementedIdeas)
{
    public static readonly IdeaWeek Empty = new(0, 0, 0, null, []);
}

/// <summary>An idea named on a card: its id, the start of its problem text, its votes.</summary>
internal sealed record IdeaMention(string Id, string Title, int Votes);

/// <summary>
/// Shout-outs given in the week to at least one member of the team: how many (of them <see cref="ForIdeas"/> CxBot's own for an
/// implemented idea), by standard (standard behaviours only), the members recognised, and the most +1'd (wins).
/// </summary>
internal sealed record RecognitionWeek(int Given, IReadOnlyDictionary<string, int> ByStandard, IReadOnlyList<string> People, IReadOnlyList<ShoutOutMention> Notable, int ForIdeas = 0)
{
    public static readonly RecognitionWeek Empty = new(0, Counts.None, [], []);
}

/// <summary>A shout-out named on a card.</summary>
internal sealed record ShoutOutMention(string Id, string Text, int PlusOnes);

/// <summary>Helpers for the count dictionaries (ordinal, sorted, so two equal rollups serialise the same).</summary>
internal static class Counts
{
    public static readonly IReadOnlyDictionary<string, int> None = new SortedDictionary<string, int>(StringComparer.Ordinal);

    public static SortedDictionary<string, int> Of<T>(IEnumerable<T> items, Func<T, string?> key)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (key(item) is { Length: > 0 } k)
            {
                counts[k] = counts.GetValueOrDefault(k) + 1;
            }
        }

        return counts;
    }

    public static SortedDictionary<string, int> Sum(IEnumerable<IReadOnlyDictionary<string, int>> all)
    {
        var sum = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var counts in all)
        {
            foreach (var (k, v) in counts)
            {
                sum[k] = sum.GetValueOrDefault(k) + v;
            }
        }

        return sum;
    }

    /// <summary>The median of sorted values (the mean of the middle two for an even count), or null when empty.</summary>
    public static double? Median(IReadOnlyList<long> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
        : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
}
