using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;

namespace CxBot.Features.Scorecards;

/// <summary>A team-week's check-in figures counted from its person-day rows.</summary>
internal sealed class CheckinFigures
{
    public int Prompted { get; set; }

    public int Delivered { get; set; }

    public int Answered { get; set; }

    public SortedDictionary<string, ValueTotal> Values { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> NotReached { get; } = new(StringComparer.Ordinal);

    /// <summary>The customers' survey scores by soft standard id: sum and count.</summary>
    public SortedDictionary<string, ValueTotal> Customers { get; } = new(StringComparer.Ordinal);
}

/// <summary>Turns records into a <see cref="TeamWeek"/>'s parts; shared by the rollup and the recomputation where they read the same records.</summary>
internal static class ScorecardFigures
{
    public const int TitleLength = 80;

    /// <summary>
    /// Incident figures of the incidents logged in [<paramref name="start"/>, <paramref name="end"/>), each as it stood at
    /// <paramref name="asOf"/> (its status, recovery and triage taken from the history entries up to then), so a recomputation
    /// at a rollup's instant gives that rollup's figures whatever happened since.
    /// </summary>
    public static IncidentWeek Incidents(IEnumerable<IncidentTimeline> all, DateTimeOffset start, DateTimeOffset end, DateTimeOffset asOf)
    {
        var list = all
            .Where(i => i.LoggedAt >= start && i.LoggedAt < end && i.LoggedAt <= asOf)
            .DistinctBy(i => i.Reference)
            .OrderBy(i => i.Reference, StringComparer.Ordinal)
            .Select(i => i.At(asOf))
            .ToList();
        var acknowledged = list.Where(i => i.FirstTriageAt is not null).Select(i => Seconds(i.FirstTriageAt!.Value - i.LoggedAt)).Order().ToList();
        var resolved = list.Where(i => i.ResolvedAt is not null).Select(i => Seconds(i.ResolvedAt!.Value - i.LoggedAt)).Order().ToList();
        var targets = new SortedDictionary<string, TargetCounts>(StringComparer.Ordinal);
        foreach (var group in list.GroupBy(i => i.Severity))
        {
            targets[group.Key] = new TargetCounts(
                group.Count(),
                group.Count(i => i.FirstTriageAt is not null || asOf > i.AcknowledgeBy),
                group.Count(i => i.FirstTriageAt <= i.AcknowledgeBy),
                group.Count(i => !i.Declined && (i.ResolvedAt is not null || asOf > i.ResolveBy)),
                group.Count(i => i.ResolvedAt <= i.ResolveBy),
                group.Count(i => !i.IsClosed && ((i.FirstTriageAt is null && asOf > i.AcknowledgeBy) || asOf > i.ResolveBy)));
        }

        return new IncidentWeek(
            list.Count,
            list.Count(i => i.Resolved),
            list.Count(i => i.Declined),
            list.Count(i => i.Recovered),
            list.Sum(i => i.Cost ?? 0),
            Counts.Of(list, i => i.Severity),
            Counts.Of(list, i => i.TouchpointId),
            Counts.Of(list, i => i.StandardId),
            Counts.Of(list, i => i.RootCause),
            acknowledged,
            resolved,
            list.Count(i => i.Cost is null),
            list.Count(i => i.OccurredAt < start),
            targets);
    }

    /// <summary>
    /// Check-in figures from the person-day rows, as they stood at <paramref name="asOf"/> for the answers (the recomputation of
    /// the summary row): prompted, delivered (arrived or answered), answered, the values, and who could not be reached (each
    /// person once, with the reason of their latest such day).
    /// </summary>
    public static CheckinFigures Checkins(IEnumerable<CheckinAnswer> answers, DateTimeOffset asOf)
    {
        var figures = new CheckinFigures();
        var latest = new Dictionary<string, (DateOnly Date, NotReachedReason Reason)>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            figures.Prompted++;
            var answered = answer.AnsweredAt is { } at && at <= asOf;
            if (answered || answer.Delivery == CheckinDelivery.Delivered)
            {
                figures.Delivered++;
            }
            else if (answer.Delivery == CheckinDelivery.NotReached && (!latest.TryGetValue(answer.UserId, out var was) || answer.Date > was.Date))
            {
                latest[answer.UserId] = (answer.Date, answer.NotReachedReason ?? NotReachedReason.Failed);
            }

            if (!answered)
            {
                continue;
            }

            figures.Answered++;
            foreach (var (standard, value) in answer.Values)
            {
                var now = figures.Values.GetValueOrDefault(standard) ?? new ValueTotal(0, 0);
                figures.Values[standard] = new ValueTotal(now.Sum + value, now.Count + 1);
            }
        }

        foreach (var (user, (_, reason)) in latest)
        {
            figures.NotReached[user] = NotReachedReasons.Label(reason);
        }

        return figures;
    }

    /// <summary>Adds the customers' answers given by <paramref name="asOf"/>, one by one (the recomputation of the survey's week tally).</summary>
    public static void AddCustomers(CheckinFigures figures, IEnumerable<CxBot.Features.CustomerVoice.CustomerScores> answers, DateTimeOffset asOf)
    {
        foreach (var answer in answers.Where(a => a.AnsweredAt <= asOf))
        {
            foreach (var (standard, score) in answer.Scores)
            {
                var now = figures.Customers.GetValueOrDefault(standard) ?? new ValueTotal(0, 0);
                figures.Customers[standard] = new ValueTotal(now.Sum + score, now.Count + 1);
            }
        }
    }

    /// <summary>Idea figures: <paramref name="ideas"/> are the team's ideas, with the vote counts of those submitted in the week.</summary>
    public static IdeaWeek Ideas(IEnumerable<(IdeaRecord Idea, int Votes)> ideas, DateTimeOffset start, DateTimeOffset end, DateTimeOffset asOf)
    {
        var list = ideas.Where(i => i.Idea.SubmittedAt <= asOf).ToList();
        bool In(DateTimeOffset at) => at >= start && at < end && at <= asOf;
        DateTimeOffset? Decided(IdeaRecord idea, IdeaStatus status) => idea.Decisions.Where(d => d.Status == status && In(d.At)).Select(d => (DateTimeOffset?)d.At).FirstOrDefault();
        var submitted = list.Where(i => In(i.Idea.SubmittedAt)).ToList();
        var implemented = list.Select(i => (i.Idea, i.Votes, At: Decided(i.Idea, IdeaStatus.Implemented))).Where(i => i.At is not null).ToList();
        var top = submitted.Where(i => i.Votes > 0).OrderByDescending(i => i.Votes).ThenBy(i => i.Idea.SubmittedAt).ThenBy(i => i.Idea.Id, StringComparer.Ordinal).FirstOrDefault();
        return new IdeaWeek(
            submitted.Count,
            list.Count(i => Decided(i.Idea, IdeaStatus.Accepted) is not null),
            implemented.Count,
            top.Idea is null ? null : Mention(top.Idea, top.Votes),
            [.. implemented.OrderBy(i => i.At).ThenBy(i => i.Idea.Id, StringComparer.Ordinal).Take(3).Select(i => Mention(i.Idea, i.Votes))]);
    }

    /// <summary>
    /// Recognition figures: shout-outs given in [<paramref name="start"/>, <paramref name="end"/>) by <paramref name="asOf"/> with
    /// at least one recipient in <paramref name="members"/>, each counted once. The notable ones leave out the automatic
    /// shout-outs for implemented ideas, which the card lists as wins already.
    /// </summary>
    public static RecognitionWeek Recognition(IEnumerable<ShoutOutRecord> shoutOuts, IReadOnlySet<string> members, DateTimeOffset start, DateTimeOffset end, DateTimeOffset asOf)
    {
        var mine = shoutOuts
            .Where(s => s.GivenAt >= start && s.GivenAt < end && s.GivenAt <= asOf && s.Recipients.Any(r => members.Contains(r.AadObjectId)))
            .DistinctBy(s => s.Id)
            .ToList();
        return new RecognitionWeek(
            mine.Count,
            Counts.Of(mine, s => s.StandardId),
            [.. mine.SelectMany(s => s.Recipients).Select(r => r.AadObjectId).Where(members.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. mine.Where(s => !s.ForImplementedIdea)
                .OrderByDescending(s => s.PlusOnes).ThenBy(s => s.GivenAt).ThenBy(s => s.Id, StringComparer.Ordinal).Take(3)
                .Select(s => new ShoutOutMention(s.Id, $"{s.GiverName} recognised {string.Join(", ", s.Recipients.Select(r => r.Name))} for {s.For}", s.PlusOnes))],
            mine.Count(s => s.ForImplementedIdea));
    }

    private static IdeaMention Mention(IdeaRecord idea, int votes) => new(idea.Id, Clip(idea.Title), votes);

    private static string Clip(string text) => text.Length <= TitleLength ? text : string.Concat(text.AsSpan(0, TitleLength - 1), "…");

    private static long Seconds(TimeSpan span) => (long)Math.Max(0, Math.Floor(span.TotalSeconds));
}
