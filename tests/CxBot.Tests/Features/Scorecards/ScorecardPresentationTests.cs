using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Checkins;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Testing;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>What a leader reads on the scorecard: plurals, one money format, trends and medians in words, whole-number charts.</summary>
public sealed partial class ScorecardPresentationTests
{
    private static readonly DateOnly Monday = new(2026, 11, 16); // 2026-W47

    private static readonly List<Standard> Standards =
    [
        new("listened", "tp", StandardKind.Soft, "Customer felt listened to", null, null, Direction.HigherIsBetter, false, "How well did we listen?", [new(new DateOnly(2026, 1, 1), 4)], null),
        new("slot", "tp", StandardKind.Hard, "Delivery slot kept", null, "%", Direction.HigherIsBetter, true, null, [new(new DateOnly(2026, 1, 1), 95)], null),
        new("tidy", "tp", StandardKind.Soft, "Van left tidy", null, null, Direction.HigherIsBetter, false, "How tidy was the van?", [new(new DateOnly(2026, 1, 1), 4)], null),
    ];

    private static readonly List<TeamSetup> Teams =
    [
        new("leeds", "Store 42 – Leeds", null, "Europe/London", new TimeOnly(18, 0), [], []),
        new("york", "Store 7 – York", null, "Europe/London", new TimeOnly(18, 0), [], []),
    ];

    private static readonly TenantSetup Setup = new(new Organisation("Acme", "Europe/London", "GBP", []), [new("tp", 1, "Delivery", "", "")], Standards, Teams, []);

    [Fact]
    public void TeamCard_OneAnswerOneIncidentCosts_PluralsMoneyMediansAndTrendsInWords()
    {
        var lastWeek = Week("leeds", Monday.AddDays(-7)) with { Prompted = 3, Answered = 2, Values = Values(("listened", 3.5, 2), ("slot", 97, 1)) };
        var thisWeek = Week("leeds", Monday) with
        {
            Prompted = 2,
            Answered = 1,
            Values = Values(("listened", 4, 1), ("slot", 93, 1)),
            Incidents = IncidentWeek.Empty with { Logged = 3, Resolved = 1, Cost = 1165.5m, CostUnknown = 1, AcknowledgeSeconds = [10, 20], ResolveSeconds = [240] },
        };

        var seen = Seen(ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[0]), Monday, 6, [lastWeek, thisWeek], null));
        var text = string.Join('\n', seen);

        Assert.Empty(VisibleText.Problems(seen, "Store 42 – Leeds"));
        Assert.Contains("1 of 2 measured standards met", seen);
        Assert.Contains("**Customer felt listened to**: 4.0 / 5 (1 answer) (target ≥ 4 / 5)", seen);
        Assert.Contains("better than W46 (3.5 / 5)", seen);
        Assert.Contains("**Delivery slot kept**: 93 % (target ≥ 95 %)", seen);
        Assert.Contains("worse than W46 (97 %)", seen);
        Assert.Contains("**Van left tidy**: no answers this week or in the 1 week before (target ≥ 4 / 5)", seen);
        Assert.Contains("at least GBP 1,165.50 (1 incident without a cost)", seen);
        Assert.Contains("under a minute, over 2 incidents", seen);
        Assert.Contains("4 min, over 1 incident", seen);
        Assert.DoesNotMatch("[▲▼►·]{2,}|\\(\\d+\\)$", text);
    }

    [Fact]
    public void OrganisationCard_MoneyInOneFormat_InFactsAndSiteRows()
    {
        var weeks = new[]
        {
            Week("leeds", Monday) with { Incidents = IncidentWeek.Empty with { Logged = 2, Cost = 165m } },
            Week("york", Monday) with { Incidents = IncidentWeek.Empty with { Logged = 1, Cost = 45.5m } },
        };

        var seen = Seen(ScorecardBuilder.Build(Setup, ScorecardService.Organisation(Setup), Monday, 6, weeks, null));
        var text = string.Join('\n', seen);

        Assert.Empty(VisibleText.Problems(seen, "Store 42 – Leeds", "Store 7 – York"));
        Assert.Contains("GBP 210.50", seen);
        Assert.Contains("no standard measured · 2 incidents, 2 open · cost GBP 165.00", seen);
        Assert.Contains("no standard measured · 1 incident, 1 open · cost GBP 45.50", seen);
        Assert.Equal(3, MoneyShown().Count(text));
        Assert.DoesNotMatch("\\d GBP", text);
    }

    [Fact]
    public void EmptyWeeks_SayNothingWasMeasuredOrLogged_InsteadOfAnEmptyChart()
    {
        var data = ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[1]), Monday, 6, [], "Wednesday 09:00");
        var card = ScorecardHarness.Cards.Bind(ScorecardNames.Template, data);
        var seen = VisibleText.Of(card);

        Assert.Empty(VisibleText.Problems(seen, "Store 7 – York"));
        Assert.Contains("No standard measured yet this week", seen);
        Assert.Contains("No incidents logged yet this week.", seen);
        Assert.Contains("none acknowledged yet", seen);
        Assert.DoesNotContain("Chart.", card.ToJsonString(), StringComparison.Ordinal);
        Assert.All(data.Standards, s => Assert.Equal("", s.Trend));
    }

    [Fact]
    public void Chart_WithIncidents_WholeNumbersWithoutAnAxis()
    {
        var weeks = new[] { 3, 0, 1 }.Select((n, i) => Week("leeds", Monday.AddDays(-7 * i)) with { Incidents = IncidentWeek.Empty with { Logged = n } }).ToList();

        var card = ScorecardHarness.Cards.Bind(ScorecardNames.Template, ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[0]), Monday, 6, weeks, null));

        var chart = card["body"]!.AsArray().Single(e => ((string?)e!["type"])?.StartsWith("Chart.", StringComparison.Ordinal) == true)!;
        Assert.Equal("AbsoluteNoAxis", (string?)chart["displayMode"]);
        var ys = chart["data"]!.AsArray().Select(p => p!["y"]!.ToJsonString()).ToList();
        Assert.Equal(["1", "0", "3"], ys);
    }

    [Fact]
    public void Trend_StartsAtTheFirstWeekWithRecords_NoZerosFromBeforeTheTeamBegan()
    {
        // Two weeks before, only a check-in prompt (no incident); nothing before that: the chart has three weeks, the zero one kept.
        var weeks = new[]
        {
            Week("leeds", Monday) with { Incidents = IncidentWeek.Empty with { Logged = 2 } },
            Week("leeds", Monday.AddDays(-14)) with { Prompted = 1 },
        };

        var card = ScorecardHarness.Cards.Bind(ScorecardNames.Template, ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[0]), Monday, 6, weeks, null));
        var seen = VisibleText.Of(card);

        var chart = card["body"]!.AsArray().Single(e => ((string?)e!["type"])?.StartsWith("Chart.", StringComparison.Ordinal) == true)!;
        Assert.Equal(["W45", "W46", "W47"], chart["data"]!.AsArray().Select(p => (string?)p!["x"]).ToList());
        Assert.Equal(["0", "0", "2"], chart["data"]!.AsArray().Select(p => p!["y"]!.ToJsonString()).ToList());
        Assert.Contains("**Customer felt listened to**: no answers this week or in the 2 weeks before (target ≥ 4 / 5)", seen);
    }

    [Fact]
    public void TeamCard_TargetsLateLoggingAndUnreachablePeople_InWords()
    {
        var team = Teams[0] with { Members = [new TeamMember("u-nia", "Nia Newcomer", TeamRole.FrontLine), new TeamMember("u-bo", "Bo Blocker", TeamRole.FrontLine)] };
        var setup = Setup with { Teams = [team, Teams[1]] };
        var week = Week("leeds", Monday) with
        {
            Prompted = 10,
            Answered = 6,
            Delivered = 8,
            NotReached = new Dictionary<string, string> { ["u-nia"] = "never opened CxBot", ["u-bo"] = "blocked or removed CxBot" },
            Values = Values(("listened", 4, 2)),
            Incidents = IncidentWeek.Empty with
            {
                Logged = 4,
                Resolved = 2,
                OccurredEarlier = 1,
                Targets = new Dictionary<string, TargetCounts> { ["High"] = new(1, 1, 1, 1, 0, 0), ["Low"] = new(3, 3, 2, 2, 1, 1) },
            },
            AsOf = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
        };

        var seen = Seen(ScorecardBuilder.Build(setup, ScorecardService.Team(team), Monday, 6, [week], null));

        Assert.Empty(VisibleText.Problems(seen, "Store 42 – Leeds", "Nia Newcomer", "Bo Blocker"));
        Assert.Contains("4 (1 happened in an earlier week)", seen);
        Assert.Contains("2, 1 of them overdue", seen);
        Assert.Contains("75 % (3 of 4)", seen);
        Assert.Contains("33 % (1 of 3; high 0 of 1, low 1 of 2)", seen);
        Assert.Contains("75 % of the check-ins that arrived (6 of 8)", seen);
        Assert.Contains("Bo Blocker (blocked or removed CxBot), Nia Newcomer (never opened CxBot)", seen);
        Assert.Contains("Soft standards are scored out of 5 by staff in their check-ins: the team's own view, not the customers'.", seen);
        Assert.Contains("Still open, overdue, recovered, in time and the median times are as of Mon 23 Nov 08:00 London time; the other figures of the week are final.", seen);
    }

    [Fact]
    public void OrganisationCard_ShoutOutToTwoTeams_CountedOnce_UnreachableByReason()
    {
        var shoutOut = new ShoutOutMention("so1", "Gina Giver recognised Ann (Leeds), Yan (York) for Kindness", 0);
        var weeks = new[]
        {
            Week("leeds", Monday) with { Recognition = new RecognitionWeek(1, Counts.None, ["ann"], [shoutOut]), Prompted = 2, Delivered = 1, NotReached = new Dictionary<string, string> { ["a"] = "never opened CxBot" } },
            Week("york", Monday) with { Recognition = new RecognitionWeek(1, Counts.None, ["yan"], [shoutOut]), Prompted = 2, Delivered = 0, NotReached = new Dictionary<string, string> { ["b"] = "never opened CxBot", ["c"] = "blocked or removed CxBot" } },
            Week(ScorecardScope.Organisation, Monday) with { Recognition = new RecognitionWeek(1, Counts.None, ["ann", "yan"], [shoutOut]) },
        };

        var data = ScorecardBuilder.Build(Setup, ScorecardService.Organisation(Setup), Monday, 6, weeks, null);

        Assert.Equal("1", data.Recognition.Single(f => f.Title == "Shout-outs given").Value);
        Assert.Equal("2", data.Recognition.Single(f => f.Title == "People recognised").Value);
        Assert.Equal("3 people: 2 never opened CxBot, 1 blocked or removed CxBot", data.Recognition.Single(f => f.Title == "Not reachable").Value);
        Assert.Equal("0 % of the check-ins that arrived (0 of 1)", data.Recognition.Single(f => f.Title == "Check-in participation").Value);
    }

    [Fact]
    public void NewTenant_NoCheckinSentYet_SaysSo_RoundingNeverHidesAMiss_IdeaShoutOutsExplained()
    {
        var week = Week("leeds", Monday) with
        {
            Prompted = 0,
            Values = Values(("slot", 94.96, 1)),
            Recognition = new RecognitionWeek(3, Counts.None, ["a"], [], ForIdeas: 1),
        };

        var data = ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[0]), Monday, 6, [week], null);

        Assert.Equal("94.96 %", data.Standards.Single(l => l.Name == "Delivery slot kept").Figure);
        Assert.Equal("✗", data.Standards.Single(l => l.Name == "Delivery slot kept").Mark);
        Assert.Equal("no check-ins sent yet", data.Standards.Single(l => l.Name == "Van left tidy").Figure);
        Assert.Equal("3 (1 for an implemented idea)", data.Recognition.Single(f => f.Title == "Shout-outs given").Value);
    }

    [Fact]
    public void OrganisationOfOneTeam_OneCard_NoSitesNoTeamCount()
    {
        var setup = Setup with { Teams = [Teams[0]] };

        var scopes = ScorecardService.ScopesFor(setup, new LeadershipChannel("19:l@thread.tacv2", "Leaders", true, []));
        var data = ScorecardBuilder.Build(setup, Assert.Single(scopes), Monday, 6, [Week("leeds", Monday)], null);

        Assert.True(scopes[0].IsOrganisation);
        Assert.Empty(data.Sites);
        Assert.DoesNotContain("team", data.Summary, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Seen(CxBot.Features.Scorecards.ScorecardData data) => VisibleText.Of(ScorecardHarness.Cards.Bind(ScorecardNames.Template, data));

    private static TeamWeek Week(string team, DateOnly monday) => TeamWeek.Empty(team, monday);

    private static SortedDictionary<string, ValueTotal> Values(params (string Id, double Average, int Count)[] values) =>
        new(values.ToDictionary(v => v.Id, v => new ValueTotal(v.Average * v.Count, v.Count)), StringComparer.Ordinal);

    [GeneratedRegex("GBP \\d{1,3}(,\\d{3})*\\.\\d{2}")]
    private static partial Regex MoneyShown();
}
