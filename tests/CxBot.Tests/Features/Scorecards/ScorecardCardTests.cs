using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Checkins;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Testing;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>The scorecard card at its largest: 40 standards and 30 sites stay under the size limit and pass the Adaptive Cards SDK.</summary>
public sealed class ScorecardCardTests
{
    private const int MaxActivityBytes = 80 * 1024;

    [Fact]
    public async Task Bind_Organisation40Standards30Sites_UnderSizeLimitAndValidWithoutEvents()
    {
        var monday = new DateOnly(2026, 11, 16);
        var standards = Enumerable.Range(0, 40).Select(i => new Standard(
            $"s{i}", "tp", i % 2 == 0 ? StandardKind.Hard : StandardKind.Soft, $"A rather long standard name number {i} about the customer", null, "%",
            Direction.HigherIsBetter, true, null, [new(new DateOnly(2026, 1, 1), i % 2 == 0 ? 95 : 4.5)], null)).ToList();
        var teams = Enumerable.Range(0, 30).Select(i => new TeamSetup($"team{i}", $"Site number {i} with a long name", null, "Europe/London", new TimeOnly(18, 0), [], [])).ToList();
        var setup = new TenantSetup(new Organisation("Acme", "Europe/London", "GBP", []), [new("tp", 1, "Delivery", "", "")], standards, teams, []);
        var weeks = teams.SelectMany(t => Enumerable.Range(0, 7).Select(w => TeamWeek.Empty(t.Id, monday.AddDays(-7 * w)) with
        {
            Values = standards.ToDictionary(s => s.Id, s => new ValueTotal(s.Kind == StandardKind.Hard ? 80 + w : 3 + (w / 10.0), 1)),
            Incidents = IncidentWeek.Empty with
            {
                Logged = 40, Cost = 1234.56m,
                ByStandard = standards.ToDictionary(s => s.Id, _ => 1), ByTouchpoint = new Dictionary<string, int> { ["tp"] = 40 },
                AcknowledgeSeconds = [.. Enumerable.Range(0, 40).Select(x => (long)x * 60)],
            },
        })).ToList();

        var data = ScorecardBuilder.Build(setup, ScorecardService.Organisation(setup), monday, 6, weeks, null);
        var card = ScorecardHarness.Cards.Bind(ScorecardNames.Template, data);
        var activity = new JsonObject { ["type"] = "message", ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card.DeepClone() }) };

        Assert.Equal(ScorecardBuilder.MaxStandards, data.Standards.Count);
        Assert.Equal(ScorecardBuilder.MaxSites, data.Sites.Count);
        Assert.Contains("15 more standards", data.StandardsMore, StringComparison.Ordinal);
        Assert.Contains("20 more sites", data.SitesMore, StringComparison.Ordinal);
        Assert.Equal("1200", data.Incidents.Single(f => f.Title == "Logged").Value); // 30 teams × 40
        Assert.InRange(Encoding.UTF8.GetByteCount(activity.ToJsonString()), 1, MaxActivityBytes);

        var result = await NodeScript.RunAsync("tests/cards-js/validate.js", new JsonArray(new JsonObject { ["name"] = "large", ["card"] = card.DeepClone() }));
        var events = result.AsArray()[0]!["events"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.True(events.Count == 0, string.Join("; ", events));
    }

    [Fact]
    public void Build_TeamWeeks_AddUpForTheOrganisation_MedianOverAllIncidents()
    {
        var monday = new DateOnly(2026, 11, 16);
        var a = TeamWeek.Empty("a", monday) with { Incidents = IncidentWeek.Empty with { Logged = 2, Resolved = 1, Cost = 10.10m, AcknowledgeSeconds = [60, 600], ResolveSeconds = [3600] } };
        var b = TeamWeek.Empty("b", monday) with { Incidents = IncidentWeek.Empty with { Logged = 1, Declined = 1, Cost = 0.20m, AcknowledgeSeconds = [120] } };

        var sum = ScorecardBuilder.Sum([a, b]);

        Assert.Equal((3, 1, 1, 1, 10.30m), (sum.Incidents.Logged, sum.Incidents.Resolved, sum.Incidents.Declined, sum.Incidents.Open, sum.Incidents.Cost));
        Assert.Equal(120, Counts.Median(sum.Incidents.AcknowledgeSeconds));
    }
}
