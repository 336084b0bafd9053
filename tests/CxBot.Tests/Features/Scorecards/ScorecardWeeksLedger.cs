using System.Globalization;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>
/// What the end-to-end scorecard test did, written down as it did it, and the figures that follow from it by plain counting
/// (docs/scorecards.md's definitions, applied to the test's own list of actions, never to the bot's rows). Weeks are Monday 00:00
/// to Monday 00:00 in the team's zone (the organisation's for its own shout-out count).
/// </summary>
internal sealed class ScorecardWeeksLedger
{
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>Acknowledge and resolve windows by severity, as the test configures them (<c>Incidents:AcknowledgeWithin</c> / <c>ResolveWithin</c>).</summary>
    public static readonly IReadOnlyDictionary<string, (TimeSpan Acknowledge, TimeSpan Resolve)> Windows = new Dictionary<string, (TimeSpan, TimeSpan)>
    {
        ["low"] = (TimeSpan.FromHours(24), TimeSpan.FromDays(7)),
        ["medium"] = (TimeSpan.FromHours(8), TimeSpan.FromDays(3)),
        ["high"] = (TimeSpan.FromHours(2), TimeSpan.FromDays(1)),
        ["critical"] = (TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)),
    };

    public sealed record Team(string Id, string Name, TimeZoneInfo Zone, IReadOnlyList<string> Members);

    public sealed class Incident(Team team, string severity, decimal? cost, bool recovered, DateTimeOffset occurred, DateTimeOffset logged)
    {
        public Team Team => team;

        public string Severity => severity;

        public decimal? Cost => cost;

        public bool Recovered => recovered;

        public DateTimeOffset Occurred => occurred;

        public DateTimeOffset Logged => logged;

        public string Reference { get; set; } = "";

        /// <summary>Every triage action taken (acknowledge, note, resolve), when.</summary>
        public List<(DateTimeOffset At, string Action)> Actions { get; } = [];

        public DateTimeOffset AcknowledgeBy => logged + ScorecardWeeksLedger.Windows[severity].Acknowledge;

        public DateTimeOffset ResolveBy => logged + ScorecardWeeksLedger.Windows[severity].Resolve;
    }

    public sealed class Idea(Team team, DateTimeOffset submitted)
    {
        public Team Team => team;

        public DateTimeOffset Submitted => submitted;

        public string Id { get; set; } = "";

        public string Title { get; init; } = "";

        public int Votes { get; set; }

        public List<(DateTimeOffset At, string Status)> Decisions { get; } = [];
    }

    public sealed record ShoutOut(DateTimeOffset At, IReadOnlyList<string> Recipients, string? StandardId, bool ForIdea = false);

    /// <summary>One person-day prompted: whether the prompt arrived, and the values answered (null: not answered).</summary>
    public sealed record CheckinDay(Team Team, string Person, DateOnly Date, bool Delivered, IReadOnlyDictionary<string, double>? Values);

    public List<Incident> Incidents { get; } = [];

    public List<Idea> Ideas { get; } = [];

    public List<ShoutOut> ShoutOuts { get; } = [];

    public List<CheckinDay> Checkins { get; } = [];

    public static DateOnly MondayOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        return local.AddDays(-(((int)local.DayOfWeek + 6) % 7));
    }

    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The incident figures of <paramref name="teams"/> for the week, as the records stood at <paramref name="asOf"/>.</summary>
    public IncidentFigures IncidentsOf(IEnumerable<Team> teams, DateOnly monday, DateTimeOffset asOf)
    {
        var ids = teams.Select(t => t.Id).ToHashSet();
        var week = Incidents.Where(i => ids.Contains(i.Team.Id) && MondayOf(i.Logged, i.Team.Zone) == monday && i.Logged <= asOf).ToList();
        var f = new IncidentFigures { Logged = week.Count };
        foreach (var i in week)
        {
            var known = i.Actions.Where(a => a.At <= asOf).OrderBy(a => a.At).ToList();
            DateTimeOffset? first = known.Count > 0 ? known[0].At : null;
            DateTimeOffset? resolved = known.Where(a => a.Action == "resolve").Select(a => (DateTimeOffset?)a.At).FirstOrDefault();
            var open = resolved is null;
            f.Earlier += MondayOf(i.Occurred, i.Team.Zone) < monday ? 1 : 0;
            f.Open += open ? 1 : 0;
            f.Overdue += open && ((first is null && asOf > i.AcknowledgeBy) || asOf > i.ResolveBy) ? 1 : 0;
            f.AcknowledgeDue += first is not null || asOf > i.AcknowledgeBy ? 1 : 0;
            f.AcknowledgedInTime += first <= i.AcknowledgeBy ? 1 : 0;
            if (resolved is not null || asOf > i.ResolveBy)
            {
                var (due, inTime) = f.ResolveBySeverity.GetValueOrDefault(i.Severity);
                f.ResolveBySeverity[i.Severity] = (due + 1, inTime + (resolved <= i.ResolveBy ? 1 : 0));
            }

            f.Recovered += i.Recovered ? 1 : 0;
            f.Cost += i.Cost ?? 0;
            f.CostUnknown += i.Cost is null ? 1 : 0;
            if (first is { } a)
            {
                f.AcknowledgeSeconds.Add((long)(a - i.Logged).TotalSeconds);
            }

            if (resolved is { } r)
            {
                f.ResolveSeconds.Add((long)(r - i.Logged).TotalSeconds);
            }
        }

        return f;
    }

    /// <summary>Submitted in the week, accepted and implemented by a decision taken in the week, and the most voted of the week's.</summary>
    public (int Submitted, int Accepted, int Implemented, Idea? MostVoted) IdeasOf(IEnumerable<Team> teams, DateOnly monday)
    {
        var ids = teams.Select(t => t.Id).ToHashSet();
        var mine = Ideas.Where(i => ids.Contains(i.Team.Id)).ToList();
        bool In(Idea i, DateTimeOffset at) => MondayOf(at, i.Team.Zone) == monday;
        var submitted = mine.Where(i => In(i, i.Submitted)).ToList();
        return (
            submitted.Count,
            mine.Count(i => i.Decisions.Any(d => d.Status == "accepted" && In(i, d.At))),
            mine.Count(i => i.Decisions.Any(d => d.Status == "implemented" && In(i, d.At))),
            submitted.Where(i => i.Votes > 0).OrderByDescending(i => i.Votes).FirstOrDefault());
    }

    /// <summary>Shout-outs of the week with a recipient among <paramref name="people"/>, each once; and the people of the scope recognised.</summary>
    public (int Given, int ForIdeas, int People, Dictionary<string, int> ByStandard) ShoutOutsOf(IReadOnlySet<string> people, TimeZoneInfo zone, DateOnly monday)
    {
        var mine = ShoutOuts.Where(s => MondayOf(s.At, zone) == monday && s.Recipients.Any(people.Contains)).ToList();
        return (
            mine.Count,
            mine.Count(s => s.ForIdea),
            mine.SelectMany(s => s.Recipients).Where(people.Contains).Distinct().Count(),
            mine.Where(s => s.StandardId is not null).GroupBy(s => s.StandardId!).ToDictionary(g => g.Key, g => g.Count()));
    }

    /// <summary>Prompted, delivered and answered person-days, each standard's values, and who could not be reached.</summary>
    public (int Prompted, int Delivered, int Answered, Dictionary<string, List<double>> Values, List<string> NotReached) CheckinsOf(IEnumerable<Team> teams, DateOnly monday)
    {
        var ids = teams.Select(t => t.Id).ToHashSet();
        var days = Checkins.Where(c => ids.Contains(c.Team.Id) && MondayOf(c.Date) == monday).ToList();
        var values = new Dictionary<string, List<double>>();
        foreach (var (standard, value) in days.Where(d => d.Values is not null).SelectMany(d => d.Values!))
        {
            values.TryAdd(standard, []);
            values[standard].Add(value);
        }

        return (days.Count, days.Count(d => d.Delivered), days.Count(d => d.Values is not null), values, [.. days.Where(d => !d.Delivered).Select(d => d.Person).Distinct()]);
    }

    public sealed class IncidentFigures
    {
        public int Logged { get; set; }

        public int Earlier { get; set; }

        public int Open { get; set; }

        public int Overdue { get; set; }

        public int AcknowledgeDue { get; set; }

        public int AcknowledgedInTime { get; set; }

        public Dictionary<string, (int Due, int InTime)> ResolveBySeverity { get; } = [];

        public int ResolveDue => ResolveBySeverity.Values.Sum(v => v.Due);

        public int ResolvedInTime => ResolveBySeverity.Values.Sum(v => v.InTime);

        public int Resolved => Logged - Open;

        public int Recovered { get; set; }

        public decimal Cost { get; set; }

        public int CostUnknown { get; set; }

        public List<long> AcknowledgeSeconds { get; } = [];

        public List<long> ResolveSeconds { get; } = [];
    }

    // What a person reads on the card, written the way docs/scorecards.md shows it ("67 % (2 of 3)", "GBP 1,240.50", "4 min, over 3 incidents").
    public static string Percent(int part, int whole) => ((double)part / whole).ToString("0 %", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => "GBP " + amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Plural(int n, string noun) => $"{n} {(n == 1 ? noun : noun + "s")}";

    public static double? Median(List<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
    }

    public static string Duration(List<long> seconds, string done)
    {
        if (Median(seconds) is not { } s)
        {
            return $"none {done} yet";
        }

        var text = s < 30 ? "under a minute"
            : s < 3600 ? $"{Math.Round(s / 60).ToString(CultureInfo.InvariantCulture)} min"
            : s < 2 * 86400 ? $"{(s / 3600).ToString("0.#", CultureInfo.InvariantCulture)} h"
            : $"{(s / 86400).ToString("0.#", CultureInfo.InvariantCulture)} days";
        return $"{text}, over {Plural(seconds.Count, "incident")}";
    }

    /// <summary>The incident facts of a card, in its order, from the figures.</summary>
    public static List<(string Title, string Value)> IncidentFacts(IncidentFigures f)
    {
        var facts = new List<(string, string)>
        {
            ("Logged", f.Logged + (f.Earlier == 0 ? "" : f.Earlier == 1 ? (f.Logged == 1 ? " (it happened in an earlier week)" : " (1 happened in an earlier week)") : f.Earlier == f.Logged ? " (all happened in earlier weeks)" : $" ({f.Earlier} happened in earlier weeks)")),
            ("Still open", f.Open + (f.Overdue > 0 ? $", {f.Overdue} of them overdue" : "")),
        };
        if (f.Logged > 0)
        {
            facts.Add(("Acknowledged in time", f.AcknowledgeDue == 0 ? "none due yet" : $"{Percent(f.AcknowledgedInTime, f.AcknowledgeDue)} ({f.AcknowledgedInTime} of {f.AcknowledgeDue})"));
            var severities = new[] { "critical", "high", "medium", "low" }.Where(f.ResolveBySeverity.ContainsKey).ToList();
            var bySeverity = severities.Count < 2 ? "" : "; " + string.Join(", ", severities.Select(s => $"{s} {f.ResolveBySeverity[s].InTime} of {f.ResolveBySeverity[s].Due}"));
            facts.Add(("Resolved in time", f.ResolveDue == 0 ? "none due yet" : $"{Percent(f.ResolvedInTime, f.ResolveDue)} ({f.ResolvedInTime} of {f.ResolveDue}{bySeverity})"));
        }

        facts.Add(("Recovered", f.Logged == 0 ? "no incidents" : $"{Percent(f.Recovered, f.Logged)} ({f.Recovered} of {f.Logged})"));
        var without = f.CostUnknown == 0 ? "" : $" ({Plural(f.CostUnknown, "incident")} without a cost)";
        facts.Add(("Cost of failure", f.Logged == 0 ? "no incidents" : f.CostUnknown == 0 ? Money(f.Cost) : f.CostUnknown == f.Logged ? "not known" + without : "at least " + Money(f.Cost) + without));
        facts.Add(("Median time to acknowledge", Duration(f.AcknowledgeSeconds, "acknowledged")));
        facts.Add(("Median time to resolve", Duration(f.ResolveSeconds, "resolved")));
        return facts;
    }
}
