using System.Globalization;
using CxBot.Cards;
using CxBot.Features.Incidents;
using CxBot.Features.Setup;

namespace CxBot.Features.Scorecards;

/// <summary>A scorecard's scope: one team (site), or the whole organisation.</summary>
internal sealed record ScorecardScope(string Id, string Name, IReadOnlyList<TeamSetup> Teams)
{
    public const string Organisation = "*";

    public bool IsOrganisation => Id == Organisation;
}

/// <summary>
/// Builds scorecard data from rolled-up team weeks only: the week and the ones before it for the trend. Sizes are bounded
/// whatever the setup: at most <see cref="MaxStandards"/> standard rows and <see cref="MaxSites"/> site rows, the rest summarised.
/// </summary>
internal static class ScorecardBuilder
{
    public const int MaxStandards = 25;
    public const int MaxSites = 10;
    public const int MaxBreakdown = 5;

    /// <summary>A customer figure this far below the staff's (points out of 5) is a gap on the card even when it meets the target.</summary>
    public const double FarBelowStaff = 1.0;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="weeks">Rolled-up weeks of the scope's teams and the organisation, this week and the trend weeks before it (any order; others are ignored).</param>
    /// <param name="asOf">For a week still running, when its figures were taken ("Tue 8 Dec 10:04"); null for a week that is over.</param>
    public static ScorecardData Build(TenantSetup setup, ScorecardScope scope, DateOnly monday, int trendWeeks, IReadOnlyList<TeamWeek> weeks, string? asOf)
    {
        var ids = scope.Teams.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var mine = weeks.Where(w => ids.Contains(w.TeamId)).ToList();
        var mondays = Enumerable.Range(0, trendWeeks + 1).Select(i => monday.AddDays(-7 * (trendWeeks - i))).ToList();
        var byWeek = mondays.ToDictionary(m => m, m => Sum(mine.Where(w => w.Monday == m)));
        if (scope.IsOrganisation && weeks.FirstOrDefault(w => w.TeamId == ScorecardScope.Organisation && w.Monday == monday) is { } own)
        {
            // A shout-out to people in two teams is one shout-out: the organisation's own row counts each once.
            byWeek[monday] = byWeek[monday] with { Recognition = own.Recognition };
        }

        // The trend starts at the scope's first week with any record: weeks before the tenant (or the team) began are not zeros.
        mondays = [.. mondays.SkipWhile(m => m != monday && !HasRecords(byWeek[m]))];
        var now = byWeek[monday];
        var currency = setup.Organisation?.Currency ?? "";
        var sunday = monday.AddDays(6);

        var standards = StandardRows(setup, scope, mondays, byWeek, sunday);
        var shown = standards.OrderBy(s => s.Met ? 1 : 0).ThenByDescending(s => s.Gap).Take(MaxStandards).ToList();
        var summary = Summary(standards, asOf is not null);
        if (scope.IsOrganisation && scope.Teams.Count > 1)
        {
            summary = $"{Count(scope.Teams.Count, "team")} · {char.ToLowerInvariant(summary[0])}{summary[1..]}";
        }

        var chartEmpty = mondays.All(m => byWeek[m].Incidents.Logged == 0);

        return new ScorecardData(
            $"Standards scorecard · {scope.Name}",
            $"Week {ScorecardWeek.Label(monday)} ({monday.ToString("d MMM", Invariant)} – {sunday.ToString("d MMM yyyy", Invariant)})" + (asOf is null ? "" : $" · so far, as of {asOf}"),
            summary,
            [.. shown.Select(s => s.Line)],
            standards.Count > shown.Count ? $"{Count(standards.Count - shown.Count, "more standard")}, all met or not measured: see the CSV export." : null,
            StandardsNote(shown),
            IncidentFacts(setup, now.Incidents, currency),
            Breakdown(setup, now.Incidents),
            [.. mondays.Select(m => new ChartPoint(ShortLabel(m), byWeek[m].Incidents.Logged))],
            "Incidents logged per week",
            chartEmpty ? (mondays.Count == 1 ? $"No incidents logged{(asOf is null ? "" : " yet")} this week." : $"No incidents logged in the last {Count(mondays.Count, "week")}.") : null,
            string.Join(" · ", mondays.Select(m => $"{ShortLabel(m)}: {byWeek[m].Incidents.Logged}")),
            IdeaFacts(now.Ideas),
            RecognitionFacts(setup, scope, now),
            Gaps(standards, now.Incidents, setup),
            standards.Any(s => s.Figure is not null && s.Target is not null) ? "No gaps this week." : "No standard was measured this week, so no gap can be shown.",
            Wins(now),
            asOf is null ? "No implemented ideas or shout-outs this week." : "No implemented ideas or shout-outs yet this week.",
            scope.IsOrganisation && scope.Teams.Count > 1 ? SiteRows(setup, scope, monday, mine, currency) : [],
            scope.IsOrganisation && scope.Teams.Count > MaxSites ? $"{Count(scope.Teams.Count - MaxSites, "more site")}: each has its own card, and the CSV export has them all." : null,
            asOf is null ? AsOfNote(setup, now) : null,
            ScorecardWeek.Label(monday),
            scope.Id);
    }

    /// <summary>The teams' weeks added up: counts and sums add, durations concatenate (so medians stay exact).</summary>
    public static TeamWeek Sum(IEnumerable<TeamWeek> weeks)
    {
        var list = weeks.ToList();
        var values = new SortedDictionary<string, Checkins.ValueTotal>(StringComparer.Ordinal);
        foreach (var (k, v) in list.SelectMany(w => w.Values))
        {
            var now = values.GetValueOrDefault(k) ?? new Checkins.ValueTotal(0, 0);
            values[k] = new Checkins.ValueTotal(now.Sum + v.Sum, now.Count + v.Count);
        }

        var customers = new SortedDictionary<string, Checkins.ValueTotal>(StringComparer.Ordinal);
        foreach (var (k, v) in list.SelectMany(w => w.Customers))
        {
            var now = customers.GetValueOrDefault(k) ?? new Checkins.ValueTotal(0, 0);
            customers[k] = new Checkins.ValueTotal(now.Sum + v.Sum, now.Count + v.Count);
        }

        var i = list.Select(w => w.Incidents).ToList();
        var incidents = new IncidentWeek(
            i.Sum(x => x.Logged), i.Sum(x => x.Resolved), i.Sum(x => x.Declined), i.Sum(x => x.Recovered), i.Sum(x => x.Cost),
            Counts.Sum(i.Select(x => x.BySeverity)), Counts.Sum(i.Select(x => x.ByTouchpoint)), Counts.Sum(i.Select(x => x.ByStandard)), Counts.Sum(i.Select(x => x.ByCause)),
            [.. i.SelectMany(x => x.AcknowledgeSeconds).Order()], [.. i.SelectMany(x => x.ResolveSeconds).Order()], i.Sum(x => x.CostUnknown),
            i.Sum(x => x.OccurredEarlier),
            i.SelectMany(x => x.Targets ?? new Dictionary<string, TargetCounts>()).GroupBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => TargetCounts.Sum(g.Select(kv => kv.Value)), StringComparer.Ordinal));
        var ideas = list.Select(w => w.Ideas).ToList();
        var recognition = list.Select(w => w.Recognition).ToList();
        return new TeamWeek(
            "",
            list.FirstOrDefault()?.Monday ?? default,
            list.Sum(w => w.Prompted),
            list.Sum(w => w.Answered),
            values,
            incidents,
            new IdeaWeek(
                ideas.Sum(x => x.Submitted), ideas.Sum(x => x.Accepted), ideas.Sum(x => x.Implemented),
                ideas.Select(x => x.MostVoted).OfType<IdeaMention>().OrderByDescending(x => x.Votes).ThenBy(x => x.Id, StringComparer.Ordinal).FirstOrDefault(),
                [.. ideas.SelectMany(x => x.ImplementedIdeas).Take(3)]),
            new RecognitionWeek(
                recognition.Sum(x => x.Given),
                Counts.Sum(recognition.Select(x => x.ByStandard)),
                [.. recognition.SelectMany(x => x.People).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. recognition.SelectMany(x => x.Notable).DistinctBy(x => x.Id).OrderByDescending(x => x.PlusOnes).Take(3)],
                recognition.Sum(x => x.ForIdeas)),
            list.Min(w => w.AsOf),
            list.Sum(w => w.Arrived),
            list.SelectMany(w => w.NotReached ?? new Dictionary<string, string>()).GroupBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal),
            customers);
    }

    /// <summary>A standard's figure for a week: the average of what was recorded, or null when nothing was.</summary>
    public static double? Figure(TeamWeek week, string standardId) =>
        week.Values.TryGetValue(standardId, out var v) && v.Count > 0 ? v.Sum / v.Count : null;

    /// <summary>A soft standard's customer figure for a week: the average of the customers' survey scores, or null when none answered.</summary>
    public static double? CustomerFigure(TeamWeek week, string standardId) =>
        week.Customers.TryGetValue(standardId, out var v) && v.Count > 0 ? v.Sum / v.Count : null;

    /// <summary>The gap in points out of 5: the customers' average minus the staff's (negative when customers score it lower), or null without both.</summary>
    public static double? CustomerGap(TeamWeek week, string standardId) =>
        CustomerFigure(week, standardId) is { } c && Figure(week, standardId) is { } f ? c - f : null;

    /// <summary>The gap in words: "customers score it 0.8 lower than staff", "… higher …", "customers and staff score it the same".</summary>
    public static string GapText(double gap)
    {
        var points = Math.Round(Math.Abs(gap), 1, MidpointRounding.AwayFromZero);
        return points == 0 ? "customers and staff score it the same"
            : $"customers score it {points.ToString("0.0", Invariant)} {(gap < 0 ? "lower" : "higher")} than staff";
    }

    public static bool Meets(Standard standard, double figure, double target) =>
        standard.Kind == StandardKind.Hard && standard.Direction == Direction.LowerIsBetter ? figure <= target : figure >= target;

    /// <summary>The standards that apply to any team of the scope during the week.</summary>
    public static IEnumerable<Standard> StandardsOf(TenantSetup setup, ScorecardScope scope, DateOnly sunday) =>
        setup.Standards.Where(s => s.IsActiveOn(sunday.AddDays(-6)) && scope.Teams.Any(t => t.Standards.Count == 0 || t.Standards.Contains(s.Id)));

    private sealed record StandardRow(Standard Standard, double? Figure, double? Target, bool Met, double Gap, StandardLine Line, double? Customers = null, int CustomerAnswers = 0);

    private static List<StandardRow> StandardRows(TenantSetup setup, ScorecardScope scope, List<DateOnly> mondays, Dictionary<DateOnly, TeamWeek> byWeek, DateOnly sunday)
    {
        var rows = new List<StandardRow>();
        foreach (var s in StandardsOf(setup, scope, sunday))
        {
            var week = byWeek[mondays[^1]];
            var figure = Figure(week, s.Id);
            var target = s.TargetOn(sunday);
            var met = figure is { } f && target is { } t && Meets(s, f, t);
            var gap = figure is { } f2 && target is { } t2 && t2 != 0 ? (s.Direction == Direction.LowerIsBetter ? f2 - t2 : t2 - f2) / Math.Abs(t2) : 0;
            var answers = week.Values.TryGetValue(s.Id, out var v) ? v.Count : 0;
            var mark = figure is null || target is null ? "–" : met ? "✓" : "✗";
            var text = figure is { } value
                ? (s.Kind == StandardKind.Soft ? $"{Shown(s, value, target, s.Kind == StandardKind.Soft ? 1 : 0)} / 5 ({Count(answers, "answer")})" : $"{Shown(s, value, target, 0)}{Unit(s)}")
                : s.Kind == StandardKind.Hard && !s.HandRecorded ? "not recorded yet: a manager records it with \u201crecord measures\u201d"
                : mondays.All(m => byWeek[m].Prompted == 0) ? "no check-ins sent yet"
                : mondays.Count > 1 && mondays.All(m => Figure(byWeek[m], s.Id) is null) ? $"no answers this week or in the {Count(mondays.Count - 1, "week")} before" : "no answers this week";
            var customers = s.Kind == StandardKind.Soft ? CustomerFigure(week, s.Id) : null;
            var customerAnswers = customers is null ? 0 : week.Customers[s.Id].Count;
            var customerText = customers is { } c ? $"customers {c.ToString("0.0", Invariant)} / 5 ({Count(customerAnswers, "answer")})" : null;
            var staffTrend = figure is null && s.Kind == StandardKind.Hard && !s.HandRecorded ? "" : Trend(s, mondays, byWeek, Figure);
            rows.Add(new StandardRow(s, figure, target, met, gap, new StandardLine(
                s.Name,
                customerText is null ? text : $"staff{(figure is null ? ": " : " ")}{text} · {customerText}",
                target is { } tv ? "target " + (s.Direction == Direction.LowerIsBetter ? "≤ " : "≥ ") + tv.ToString("0.#", Invariant) + (s.Kind == StandardKind.Soft ? " / 5" : Unit(s)) : "no target set",
                mark,
                figure is null || target is null ? "Default" : met ? "Good" : "Attention",
                customers is null ? staffTrend : CustomerTrend(s, mondays, byWeek, week, staffTrend)), customers, customerAnswers));
        }

        return rows;
    }

    /// <summary>
    /// A figure rounded for reading (one decimal at most; soft scores always one), with more decimals when the rounding would
    /// make a missed target look met or a met one look missed ("96.96 %" against "target ≥ 97 %", not "97 %").
    /// </summary>
    private static string Shown(Standard s, double value, double? target, int minDecimals)
    {
        for (var decimals = 1; decimals < 4; decimals++)
        {
            var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
            if (target is not { } t || Meets(s, rounded, t) == Meets(s, value, t))
            {
                return rounded.ToString(minDecimals > 0 ? "0." + new string('0', minDecimals) + new string('#', Math.Max(0, decimals - minDecimals)) : "0." + new string('#', decimals), Invariant);
            }
        }

        return value.ToString("0.####", Invariant);
    }

    /// <summary>
    /// The trend in words: this week against the last week with a figure ("better than W46 (4.1 / 5)", "same as W46"), or
    /// when the last figure was ("last figure in W44: 4.1 / 5"); empty when no trend week has one.
    /// </summary>
    private static string Trend(Standard s, List<DateOnly> mondays, Dictionary<DateOnly, TeamWeek> byWeek, Func<TeamWeek, string, double?> figureOf)
    {
        var now = figureOf(byWeek[mondays[^1]], s.Id);
        var earlier = mondays.Take(mondays.Count - 1).Reverse().Select(m => (Monday: m, Figure: figureOf(byWeek[m], s.Id))).FirstOrDefault(x => x.Figure is not null);
        if (earlier.Figure is not { } before)
        {
            return now is null || mondays.Count == 1 ? "" : $"no figure in the {Count(mondays.Count - 1, "week")} before";
        }

        var shown = s.Kind == StandardKind.Soft ? $"{before.ToString("0.0", Invariant)} / 5" : $"{before.ToString("0.#", Invariant)}{Unit(s)}";
        if (now is not { } after)
        {
            return $"last figure in {ShortLabel(earlier.Monday)}: {shown}";
        }

        var better = s.Direction == Direction.LowerIsBetter ? before - after : after - before;
        return better > 1e-9 ? $"better than {ShortLabel(earlier.Monday)} ({shown})" : better < -1e-9 ? $"worse than {ShortLabel(earlier.Monday)} ({shown})" : $"same as {ShortLabel(earlier.Monday)}";
    }

    /// <summary>
    /// A soft standard's trend when customers answered: the gap, then the staff's and the customers' trends each named
    /// ("customers score it 0.8 lower than staff · staff: better than W46 (4.1 / 5) · customers: worse than W46 (3.6 / 5)").
    /// </summary>
    private static string CustomerTrend(Standard s, List<DateOnly> mondays, Dictionary<DateOnly, TeamWeek> byWeek, TeamWeek week, string staffTrend)
    {
        var parts = new List<string>();
        if (CustomerGap(week, s.Id) is { } gap)
        {
            parts.Add(GapText(gap));
        }

        if (staffTrend.Length > 0)
        {
            parts.Add("staff: " + staffTrend);
        }

        if (Trend(s, mondays, byWeek, CustomerFigure) is { Length: > 0 } customers)
        {
            parts.Add("customers: " + customers);
        }

        return string.Join(" · ", parts);
    }

    /// <summary>Who scored the soft standards shown: the staff only, or the staff and customers when any customer answered.</summary>
    private static string? StandardsNote(List<StandardRow> shown) =>
        !shown.Any(s => s.Standard.Kind == StandardKind.Soft) ? null
        : shown.Any(s => s.Customers is not null) ? "Soft standards are scored out of 5. Staff scores are the team's own view in check-ins; customer scores come from the customer survey."
        : "Soft standards are scored out of 5 by staff in their check-ins: the team's own view, not the customers'.";

    /// <summary>Whether anything was recorded in the week: an incident, a check-in prompt, a figure, an idea or a decision, a shout-out.</summary>
    private static bool HasRecords(TeamWeek w) =>
        w.Incidents.Logged > 0 || w.Prompted > 0 || w.Values.Count > 0 || w.Customers.Count > 0 || w.Ideas.Submitted + w.Ideas.Accepted + w.Ideas.Implemented > 0 || w.Recognition.Given > 0;

    /// <summary>"2 of 3 measured standards met", or that none was measured (yet, while the week runs).</summary>
    private static string Summary(List<StandardRow> standards, bool soFar)
    {
        var measured = standards.Count(s => s.Figure is not null && s.Target is not null);
        return measured == 0
            ? (soFar ? "No standard measured yet this week" : "No standard measured this week")
            : $"{standards.Count(s => s.Met)} of {Count(measured, "measured standard")} met";
    }

    private static string Unit(Standard s) => string.IsNullOrEmpty(s.Unit) ? "" : s.Unit == "%" ? " %" : " " + s.Unit;

    private static List<Fact> IncidentFacts(TenantSetup setup, IncidentWeek i, string currency)
    {
        var targets = i.AllTargets;
        var facts = new List<Fact>
        {
            new("Logged", i.Logged.ToString(Invariant) + (i.OccurredEarlier switch
            {
                0 => "",
                1 => i.Logged == 1 ? " (it happened in an earlier week)" : " (1 happened in an earlier week)",
                var n => n == i.Logged ? $" (all happened in earlier weeks)" : $" ({n} happened in earlier weeks)",
            })),
            new("Still open", i.Open.ToString(Invariant) + (targets.Overdue > 0 ? $", {targets.Overdue} of them overdue" : "")),
        };
        if (i.Targets is not null && i.Logged > 0)
        {
            facts.Add(new("Acknowledged in time", targets.AcknowledgeDue == 0 ? "none due yet" : $"{Percent(targets.AcknowledgedInTime, targets.AcknowledgeDue)} ({targets.AcknowledgedInTime} of {targets.AcknowledgeDue})"));
            facts.Add(new("Resolved in time", targets.ResolveDue == 0 ? "none due yet" : $"{Percent(targets.ResolvedInTime, targets.ResolveDue)} ({targets.ResolvedInTime} of {targets.ResolveDue}{BySeverity(i.Targets)})"));
        }

        facts.Add(new("Recovered", i.Logged == 0 ? "no incidents" : $"{Percent(i.Recovered, i.Logged)} ({i.Recovered} of {i.Logged})"));
        facts.Add(new("Cost of failure", i.Logged == 0 ? "no incidents" : CostOfFailure(i, MoneyText.Format(i.Cost, currency))));
        facts.Add(new("Median time to acknowledge", Duration(Counts.Median(i.AcknowledgeSeconds), i.AcknowledgeSeconds.Count, "acknowledged")));
        facts.Add(new("Median time to resolve", Duration(Counts.Median(i.ResolveSeconds), i.ResolveSeconds.Count, "resolved")));
        return facts;
    }

    /// <summary>"; critical 1 of 1, high 2 of 4": resolved in time by severity, most severe first, when more than one severity had incidents.</summary>
    private static string BySeverity(IReadOnlyDictionary<string, TargetCounts> targets)
    {
        var rows = IncidentWords.SeveritiesMostSevereFirst
            .Select(k => (Name: IncidentWords.SeverityName(k).ToLowerInvariant(), Counts: targets.GetValueOrDefault(k)))
            .Where(x => x.Counts is { ResolveDue: > 0 })
            .ToList();
        return rows.Count < 2 ? "" : "; " + string.Join(", ", rows.Select(x => $"{x.Name} {x.Counts!.ResolvedInTime} of {x.Counts.ResolveDue}"));
    }

    /// <summary>For a week that is over: which figures can still move (those of incidents still being worked on) and as of when the card shows them.</summary>
    private static string? AsOfNote(TenantSetup setup, TeamWeek week) => week.AsOf is not { } at ? null
        : $"Still open, overdue, recovered, in time and the median times are as of {ScorecardWeek.AsOfText(at, ScorecardWeek.Zone(setup.Organisation?.TimeZone))}; the other figures of the week are final.";

    /// <summary>
    /// The known costs' sum, honest about incidents logged without a cost: "at least" when some have none, "not known" when none
    /// has one (never 0.00 for incidents nobody priced).
    /// </summary>
    private static string CostOfFailure(IncidentWeek i, string known, bool withCount = true)
    {
        if (i.CostUnknown == 0)
        {
            return known;
        }

        var without = withCount ? $" ({i.CostUnknown} {(i.CostUnknown == 1 ? "incident" : "incidents")} without a cost)" : "";
        return (i.CostUnknown >= i.Logged && i.Cost == 0 ? "not known" : "at least " + known) + without;
    }

    private static List<Fact> Breakdown(TenantSetup setup, IncidentWeek i) =>
    [
        new("By severity", Line(i.BySeverity, IncidentWords.SeverityName)),
        new("By touchpoint", Line(i.ByTouchpoint, k => setup.Journey.FirstOrDefault(t => t.Id == k)?.Name ?? k, i.Logged == 0 ? "none" : "not given")),
        new("By standard", Line(i.ByStandard, k => setup.FindStandard(k)?.Name ?? k, i.Logged == 0 ? "none" : "not given")),
        new("By root cause", Line(i.ByCause, IncidentWords.RootCauseTitle)),
    ];

    private static List<Fact> IdeaFacts(IdeaWeek i) =>
    [
        new("Submitted", i.Submitted.ToString(Invariant)),
        new("Accepted", i.Accepted.ToString(Invariant)),
        new("Implemented", i.Implemented.ToString(Invariant)),
        new("Most voted", i.MostVoted is { } m ? $"{m.Title} ({Count(m.Votes, "vote")})" : i.Submitted == 0 ? "no ideas submitted this week" : "no votes on this week's ideas"),
    ];

    private static List<Fact> RecognitionFacts(TenantSetup setup, ScorecardScope scope, TeamWeek w)
    {
        List<Fact> facts =
        [
            new("Shout-outs given", w.Recognition.Given.ToString(Invariant) + (w.Recognition.ForIdeas > 0 ? $" ({w.Recognition.ForIdeas} for {(w.Recognition.ForIdeas == 1 ? "an implemented idea" : "implemented ideas")})" : "")),
            new("People recognised", w.Recognition.People.Count.ToString(Invariant)),
            new("By standard", Line(w.Recognition.ByStandard, k => setup.FindStandard(k)?.Name ?? k)),
            new("Check-in participation", w.Prompted == 0 ? "no check-ins sent"
                : w.Arrived == 0 ? $"none of the {Count(w.Prompted, "check-in")} arrived"
                : $"{Percent(w.Answered, w.Arrived)} of the check-ins that arrived ({w.Answered} of {w.Arrived})"),
        ];
        if (w.NotReached is { Count: > 0 } missed)
        {
            facts.Add(new("Not reachable", NotReachable(scope, missed)));
        }

        return facts;
    }

    /// <summary>
    /// Who the check-ins could not reach: on a team's card by name with the reason ("Nia Newcomer (never opened CxBot)"), so the
    /// manager can act; on the organisation's, how many by reason ("3 people: 2 never opened CxBot, 1 blocked or removed CxBot").
    /// </summary>
    private static string NotReachable(ScorecardScope scope, IReadOnlyDictionary<string, string> missed)
    {
        if (!scope.IsOrganisation || scope.Teams.Count == 1)
        {
            var names = scope.Teams.SelectMany(t => t.Members).GroupBy(m => m.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
            var people = missed.Select(kv => $"{(names.GetValueOrDefault(kv.Key) is { Length: > 0 } name ? name : "a member no longer in the team")} ({kv.Value})")
                .Order(StringComparer.Ordinal).ToList();
            return string.Join(", ", people.Take(3)) + (people.Count > 3 ? $" and {people.Count - 3} more" : "");
        }

        var byReason = missed.GroupBy(kv => kv.Value, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var howMany = Count(missed.Count, "person").Replace("persons", "people", StringComparison.Ordinal);
        return byReason.Count == 1 ? $"{howMany} ({byReason[0].Key})" : $"{howMany}: {string.Join(", ", byReason.Select(g => $"{g.Count()} {g.Key}"))}";
    }

    private static List<TextLine> Gaps(List<StandardRow> standards, IncidentWeek incidents, TenantSetup setup)
    {
        // One line per standard: below target first (furthest first, with its incidents), then the most incidents.
        // A soft standard whose customers score it below target, or far below the staff, is a gap seen by the customer, ranked with
        // the staff's misses by how far below target (or below the staff, out of 5) it is.
        var staffMissed = standards.Where(s => s.Figure is not null && s.Target is not null && !s.Met)
            .Select(s => (s.Standard.Id, Rank: s.Gap, Text: $"{s.Standard.Name}: {s.Line.Figure}, {s.Line.Target}"));
        var customerMissed = standards.Where(s => s.Customers is { } c && ((s.Target is { } t && c < t) || (s.Figure is { } f && f - c >= FarBelowStaff)))
            .Select(s => (s.Standard.Id, Rank: Math.Max(s.Target is { } t && t != 0 ? (t - s.Customers!.Value) / Math.Abs(t) : 0, s.Figure is { } f ? (f - s.Customers!.Value) / 5 : 0),
                Text: $"{s.Standard.Name}: customers {s.Customers!.Value.ToString("0.0", Invariant)} / 5 ({Count(s.CustomerAnswers, "answer")})"
                    + (s.Figure is { } f2 ? $", staff {f2.ToString("0.0", Invariant)} / 5" : "") + (s.Target is { } t2 && s.Customers.Value < t2 ? $", {s.Line.Target}" : "")));
        var missed = customerMissed.Concat(staffMissed).OrderByDescending(s => s.Rank).DistinctBy(s => s.Id)
            .Select(s => (s.Id, Text: s.Text + (incidents.ByStandard.TryGetValue(s.Id, out var n) ? $", {Count(n, "incident")}" : "")));
        var busiest = incidents.ByStandard.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Id: kv.Key, Text: $"{setup.FindStandard(kv.Key)?.Name ?? kv.Key}: {Count(kv.Value, "incident")}"));
        // Overdue incidents are a gap of their own: promises to customers running late right now.
        var overdue = incidents.AllTargets.Overdue is > 0 and var n2 ? [(Id: "", Text: $"{Count(n2, "incident")} still open past their target time")] : Array.Empty<(string Id, string Text)>();
        return [.. overdue.Concat(missed.Concat(busiest).DistinctBy(g => g.Id)).Take(3).Select(g => new TextLine(g.Text))];
    }

    private static List<TextLine> Wins(TeamWeek w) =>
    [
        .. w.Ideas.ImplementedIdeas.Select(i => new TextLine($"Idea implemented for \u201c{i.Title}\u201d")),
        .. w.Recognition.Notable.Select(s => new TextLine(s.PlusOnes > 0 ? $"{s.Text} (+{s.PlusOnes})" : s.Text)),
    ];

    private static List<SiteLine> SiteRows(TenantSetup setup, ScorecardScope scope, DateOnly monday, List<TeamWeek> weeks, string currency) =>
    [
        .. scope.Teams
            .Select(t => (Team: t, Week: weeks.FirstOrDefault(w => w.TeamId == t.Id && w.Monday == monday) ?? TeamWeek.Empty(t.Id, monday)))
            .OrderByDescending(x => x.Week.Incidents.Cost).ThenByDescending(x => x.Week.Incidents.Logged).ThenBy(x => x.Team.Name, StringComparer.Ordinal)
            .Take(MaxSites)
            .Select(x =>
            {
                var own = new ScorecardScope(x.Team.Id, x.Team.Name, [x.Team]);
                var measured = StandardsOf(setup, own, monday.AddDays(6)).Select(s => (s, f: Figure(x.Week, s.Id), t: s.TargetOn(monday.AddDays(6)))).Where(z => z.f is not null && z.t is not null).ToList();
                return new SiteLine(
                    x.Team.Name,
                    measured.Count == 0 ? "no standard measured" : $"{measured.Count(z => Meets(z.s, z.f!.Value, z.t!.Value))} of {Count(measured.Count, "standard")} met",
                    $"{Count(x.Week.Incidents.Logged, "incident")}, {x.Week.Incidents.Open.ToString(Invariant)} open",
                    CostOfFailure(x.Week.Incidents, MoneyText.Format(x.Week.Incidents.Cost, currency), withCount: false));
            }),
    ];

    private static string Line(IReadOnlyDictionary<string, int> counts, Func<string, string> name, string none = "none")
    {
        if (counts.Count == 0)
        {
            return none;
        }

        var top = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var text = string.Join(" · ", top.Take(MaxBreakdown).Select(kv => $"{name(kv.Key)} {kv.Value}"));
        return top.Count > MaxBreakdown ? $"{text} · {top.Count - MaxBreakdown} more" : text;
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : ((double)part / whole).ToString("0 %", Invariant);

    /// <summary>"4 min, over 1 incident", "under a minute, over 2 incidents", "none acknowledged yet".</summary>
    private static string Duration(double? seconds, int count, string done) => seconds is not { } s ? $"none {done} yet" : (s < 30
        ? "under a minute"
        : s < 3600 ? $"{Math.Round(s / 60, 0).ToString(Invariant)} min"
        : s < 172800 ? $"{(s / 3600).ToString("0.#", Invariant)} h" : $"{(s / 86400).ToString("0.#", Invariant)} days") + $", over {Count(count, "incident")}";

    private static string ShortLabel(DateOnly monday) => ScorecardWeek.Label(monday)[5..];

    /// <summary>"1 team", "3 teams": a number with its noun, never "(s)".</summary>
    private static string Count(int n, string noun) => n.ToString("N0", Invariant) + " " + (n == 1 ? noun : noun + "s");
}
