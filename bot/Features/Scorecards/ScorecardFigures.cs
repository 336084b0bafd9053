using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;

namespace CxBot.Features.Scorecards;

/// <summary>Turns records into a <see cref="TeamWeek"/>'s parts; shared by the rollup and the recomputation where they read the same records.</summary>
internal static class ScorecardFigures
{
    public const int TitleLength = 80;

    /// <summary>
    /// Incident figures from the incidents themselves; <paramref name="counters"/>, when given, supply the totals the incident
    /// store keeps in the same transaction as each change (the rollup), else they are counted here (the recomputation).
    /// </summary>
    public static IncidentWeek Incidents(IReadOnlyList<IncidentWithHistory> all, CounterDelta? counters)
    {
        var list = all.Select(i => i.Incident).ToList();
        var totals = counters ?? new CounterDelta(
            list.Count,
            list.Count(i => i.Status == IncidentStatus.Resolved),
            list.Count(i => i.Status == IncidentStatus.Declined),
            list.Count(i => i.Recovered),
            list.Sum(i => i.Cost ?? 0));
        var acknowledged = new List<long>();
        var resolved = new List<long>();
        foreach (var (incident, history) in all)
        {
            if (history.FirstOrDefault(h => h.Revision > 1 && h.Status != IncidentStatus.New) is { } ack)
            {
                acknowledged.Add(Seconds(ack.At - incident.LoggedAt));
            }

            if (incident.Status == IncidentStatus.Resolved && history.LastOrDefault(h => h.Status == IncidentStatus.Resolved) is { } done)
            {
                resolved.Add(Seconds(done.At - incident.LoggedAt));
            }
        }

        acknowledged.Sort();
        resolved.Sort();
        return new IncidentWeek(
            totals.Logged,
            totals.Resolved,
            totals.Declined,
            totals.Recovered,
            totals.Cost,
            Counts.Of(list, i => i.Severity.ToString()),
            Counts.Of(list, i => i.TouchpointId),
            Counts.Of(list, i => i.StandardId),
            Counts.Of(list, i => i.RootCause.ToString()),
            acknowledged,
            resolved,
            list.Count(i => i.Cost is null));
    }

    /// <summary>Check-in figures from the answers (the recomputation of the summary row).</summary>
    public static (int Prompted, int Answered, SortedDictionary<string, ValueTotal> Values) Checkins(IEnumerable<CheckinAnswer> answers)
    {
        var prompted = 0;
        var answered = 0;
        var values = new SortedDictionary<string, ValueTotal>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            prompted++;
            if (answer.AnsweredAt is null)
            {
                continue;
            }

            answered++;
            foreach (var (standard, value) in answer.Values)
            {
                var now = values.GetValueOrDefault(standard) ?? new ValueTotal(0, 0);
                values[standard] = new ValueTotal(now.Sum + value, now.Count + 1);
            }
        }

        return (prompted, answered, values);
    }

    /// <summary>Idea figures: <paramref name="ideas"/> are the team's ideas, with the vote counts of those submitted in the week.</summary>
    public static IdeaWeek Ideas(IEnumerable<(Idea Idea, int Votes)> ideas, DateTimeOffset start, DateTimeOffset end)
    {
        var list = ideas.ToList();
        bool In(DateTimeOffset at) => at >= start && at < end;
        var submitted = list.Where(i => In(i.Idea.SubmittedAt)).ToList();
        var implemented = list.Where(i => i.Idea.Status == IdeaStatus.Implemented && In(i.Idea.UpdatedAt)).ToList();
        var top = submitted.Where(i => i.Votes > 0).OrderByDescending(i => i.Votes).ThenBy(i => i.Idea.SubmittedAt).ThenBy(i => i.Idea.Id, StringComparer.Ordinal).FirstOrDefault();
        return new IdeaWeek(
            submitted.Count,
            list.Count(i => i.Idea.Status == IdeaStatus.Accepted && In(i.Idea.UpdatedAt)),
            implemented.Count,
            top.Idea is null ? null : Mention(top.Idea, top.Votes),
            [.. implemented.OrderBy(i => i.Idea.UpdatedAt).ThenBy(i => i.Idea.Id, StringComparer.Ordinal).Take(3).Select(i => Mention(i.Idea, i.Votes))]);
    }

    /// <summary>Recognition figures: shout-outs given in the week with at least one recipient in <paramref name="members"/>.</summary>
    public static RecognitionWeek Recognition(IEnumerable<ShoutOut> shoutOuts, IReadOnlySet<string> members, DateTimeOffset start, DateTimeOffset end)
    {
        var mine = shoutOuts
            .Where(s => s.GivenAt >= start && s.GivenAt < end && s.Recipients.Any(r => members.Contains(r.AadObjectId)))
            .DistinctBy(s => s.Id)
            .ToList();
        return new RecognitionWeek(
            mine.Count,
            Counts.Of(mine, s => s.Behaviour.Id.StartsWith(RecognitionNames.StandardPrefix, StringComparison.Ordinal) ? s.Behaviour.Id[RecognitionNames.StandardPrefix.Length..] : null),
            [.. mine.SelectMany(s => s.Recipients).Select(r => r.AadObjectId).Where(members.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. mine.OrderByDescending(s => s.PlusOnes).ThenBy(s => s.GivenAt).ThenBy(s => s.Id, StringComparer.Ordinal).Take(3)
                .Select(s => new ShoutOutMention(s.Id, $"{s.GiverName} recognised {string.Join(", ", s.Recipients.Select(r => r.Name))} for {s.Behaviour.Title}", s.PlusOnes))]);
    }

    private static IdeaMention Mention(Idea idea, int votes) => new(idea.Id, Clip(idea.Text.Problem), votes);

    private static string Clip(string text) => text.Length <= TitleLength ? text : string.Concat(text.AsSpan(0, TitleLength - 1), "…");

    private static long Seconds(TimeSpan span) => (long)Math.Max(0, Math.Floor(span.TotalSeconds));
}
