using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Scorecards;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>Rollups against the test's own recomputation from what it wrote, and against the bot's recomputation (verify).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScorecardRollupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Rollup_GeneratedWeekAcrossTimeZones_EveryFigureEqualsIndependentRecomputation()
    {
        var (h, data, _) = await GenerateAsync();

        var weeks = await h.Service.RollupAsync(data.Tenant, data.Setup, ScorecardData.Monday, default);
        var asOf = h.Clock.GetUtcNow();

        Assert.Equal(5, weeks.Count);
        Assert.Equal(asOf, Assert.Single(weeks, w => w.TeamId == ScorecardScope.Organisation).AsOf);
        Assert.True(weeks.Sum(w => w.Incidents.Logged) > 10, "the generated week has incidents");
        foreach (var week in weeks.Where(w => w.TeamId != ScorecardScope.Organisation))
        {
            var team = data.Setup.FindTeam(week.TeamId)!;
            var zone = TimeZoneInfo.FindSystemTimeZoneById(team.TimeZone);
            bool InWeek(DateTimeOffset at) => LocalMonday(at, zone) == ScorecardData.Monday;

            // Every incident counts in the week it was logged, as it stood at the rollup (history entries after it not yet happened).
            var incidents = data.Incidents.Where(i => i.Incident.TeamId == team.Id && InWeek(i.Incident.LoggedAt))
                .Select(i => (Incident: i.Incident with { Status = i.History.Where(h => h.At <= asOf).Last().Status }, History: i.History.Where(h => h.At <= asOf).ToList()))
                .ToList();
            Assert.Equal(incidents.Count(i => !InWeek(i.Incident.OccurredAt)), week.Incidents.OccurredEarlier);
            var expectedAck = incidents.Where(i => i.History.Count > 1).Select(i => (long)(i.History[1].At - i.Incident.LoggedAt).TotalSeconds).Order().ToList();
            var expectedResolve = incidents.Where(i => i.Incident.Status == IncidentStatus.Resolved)
                .Select(i => (long)(i.History[^1].At - i.Incident.LoggedAt).TotalSeconds).Order().ToList();
            Assert.Equal(incidents.Count(i => i.History.Count > 1 && i.History[1].At <= i.Incident.AcknowledgeBy), week.Incidents.AllTargets.AcknowledgedInTime);
            Assert.Equal(incidents.Count(i => !i.Incident.IsClosed && ((i.History.Count == 1 && asOf > i.Incident.AcknowledgeBy) || asOf > i.Incident.ResolveBy)), week.Incidents.AllTargets.Overdue);
            Assert.Equal(
                (incidents.Count, incidents.Count(i => i.Incident.Status == IncidentStatus.Resolved), incidents.Count(i => i.Incident.Status == IncidentStatus.Declined), incidents.Count(i => i.Incident.Recovered), incidents.Sum(i => i.Incident.Cost ?? 0)),
                (week.Incidents.Logged, week.Incidents.Resolved, week.Incidents.Declined, week.Incidents.Recovered, week.Incidents.Cost));
            Assert.Equal(incidents.GroupBy(i => i.Incident.Severity.ToString()).ToDictionary(g => g.Key, g => g.Count()), week.Incidents.BySeverity.ToDictionary());
            Assert.Equal(incidents.GroupBy(i => i.Incident.RootCause.ToString()).ToDictionary(g => g.Key, g => g.Count()), week.Incidents.ByCause.ToDictionary());
            Assert.Equal(incidents.Where(i => i.Incident.StandardId is not null).GroupBy(i => i.Incident.StandardId!).ToDictionary(g => g.Key, g => g.Count()), week.Incidents.ByStandard.ToDictionary());
            Assert.Equal(incidents.GroupBy(i => i.Incident.TouchpointId!).ToDictionary(g => g.Key, g => g.Count()), week.Incidents.ByTouchpoint.ToDictionary());
            Assert.Equal(expectedAck, week.Incidents.AcknowledgeSeconds);
            Assert.Equal(expectedResolve, week.Incidents.ResolveSeconds);

            var ideas = data.Ideas.Where(i => i.Idea.TeamId == team.Id).ToList();
            var submitted = ideas.Where(i => InWeek(i.Idea.SubmittedAt)).ToList();
            Assert.Equal(
                (submitted.Count, ideas.Count(i => i.Idea.Status == IdeaStatus.Accepted && InWeek(i.Idea.UpdatedAt)), ideas.Count(i => i.Idea.Status == IdeaStatus.Implemented && InWeek(i.Idea.UpdatedAt))),
                (week.Ideas.Submitted, week.Ideas.Accepted, week.Ideas.Implemented));
            Assert.Equal(submitted.Select(i => i.Votes).DefaultIfEmpty(0).Max(), week.Ideas.MostVoted?.Votes ?? 0);

            var members = team.Members.Select(m => m.UserId).ToHashSet();
            var shoutOuts = data.ShoutOuts.Where(s => InWeek(s.GivenAt) && s.Recipients.Any(r => members.Contains(r.AadObjectId))).ToList();
            Assert.Equal(shoutOuts.Count, week.Recognition.Given);
            Assert.Equal(shoutOuts.SelectMany(s => s.Recipients).Select(r => r.AadObjectId).Where(members.Contains).Distinct().Order(StringComparer.Ordinal), week.Recognition.People);
            Assert.Equal(shoutOuts.Where(s => s.Behaviour.Id.StartsWith("s:", StringComparison.Ordinal)).GroupBy(s => s.Behaviour.Id[2..]).ToDictionary(g => g.Key, g => g.Count()), week.Recognition.ByStandard.ToDictionary());
            Assert.Equal(shoutOuts.Select(s => s.PlusOnes).DefaultIfEmpty(0).Max(), week.Recognition.Notable.Select(n => n.PlusOnes).DefaultIfEmpty(0).Max());

            var answers = data.Answers.Where(a => a.TeamId == team.Id && a.Date >= ScorecardData.Monday && a.Date < ScorecardData.Monday.AddDays(7)).ToList();
            Assert.Equal((answers.Count, answers.Count(a => a.AnsweredAt is not null)), (week.Prompted, week.Answered));
            foreach (var s in new[] { "s1", "s2", "s3" })
            {
                var v = answers.Where(a => a.AnsweredAt is not null).Select(a => a.Values[s]).ToList();
                Assert.Equal((v.Sum(), v.Count), (week.Values[s].Sum, week.Values[s].Count));
            }
        }
    }

    [Fact]
    public async Task Verify_AfterRollup_NoDifference_AfterALateChange_StaleUntilRolledUpAgain()
    {
        var (h, data, _) = await GenerateAsync();
        await h.Service.RollupAsync(data.Tenant, data.Setup, ScorecardData.Monday, default);

        Assert.Empty((await h.Service.VerifyAsync(data.Tenant, ScorecardData.Monday, default)).Differences);

        // A late triage: an incident of the week is resolved after the rollup.
        var team = data.Setup.Teams[0];
        var open = data.Incidents.First(i => i.Incident.TeamId == team.Id && !i.Incident.IsClosed
            && LocalMonday(i.Incident.LoggedAt, TimeZoneInfo.FindSystemTimeZoneById(team.TimeZone)) == ScorecardData.Monday);
        var stored = (await h.Incidents.GetAsync(IncidentKeys.Week(data.Tenant, team.Id, open.Incident.LoggedAt, TimeZoneInfo.FindSystemTimeZoneById(team.TimeZone)), open.Incident.Reference, default))!;
        var after = stored.Incident with { Status = IncidentStatus.Resolved, Revision = stored.Incident.Revision + 1 };
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.Incidents.SaveAsync(stored, after, new HistoryEntry(after.Revision, "resolve", "mgr", h.Clock.GetUtcNow(), IncidentStatus.Resolved, null), default);

        // The rollup is still right for its instant (no difference), and verify says it is stale now.
        var result = await h.Service.VerifyAsync(data.Tenant, ScorecardData.Monday, default);
        Assert.Empty(result.Differences);
        Assert.Equal(team.Id, Assert.Single(result.Stale).TeamId);

        await h.Service.RollupAsync(data.Tenant, data.Setup, ScorecardData.Monday, default);
        result = await h.Service.VerifyAsync(data.Tenant, ScorecardData.Monday, default);
        Assert.Empty(result.Differences);
        Assert.Empty(result.Stale);
    }

    [Fact]
    public async Task Verify_AfterRebuild_DecimalAnswersSummedInAnotherOrder_NoDifference_AChangedStoredFigure_ItsOwnLine()
    {
        var (_, data, prefix) = await GenerateAsync();
        var team = data.Setup.Teams[0];
        var members = team.Members.Where(m => m.Role == CxBot.Features.Setup.TeamRole.FrontLine).Take(3).ToList();
        Assert.Equal(3, members.Count);

        // Hand-recorded decimals: the check-ins feature adds each answer to the week's summary as it arrives, the recomputation
        // adds the answers in the order it reads them; here the opposite order (0.6 against 0.6000000000000001).
        var checkins = new MemoryCheckinResults();
        var answers = members.Select((m, i) => new CxBot.Features.Checkins.CheckinAnswer(team.Id, m.UserId, ScorecardData.Monday.AddDays(i), DateTimeOffset.UnixEpoch, new Dictionary<string, double> { ["s1"] = (i + 1) / 10.0 })).ToList();
        foreach (var answer in answers)
        {
            checkins.Answers.Add((data.Tenant, answer));
        }

        var summed = (await checkins.GetAnswersAsync(data.Tenant, team.Id, ScorecardData.Monday, default)).Select(a => a.Values["s1"]).ToList();
        var arrived = summed.AsEnumerable().Reverse().Aggregate(0.0, (sum, v) => sum + v);
        Assert.NotEqual(summed.Aggregate(0.0, (sum, v) => sum + v), arrived);
        checkins.Weeks[(data.Tenant, team.Id, ScorecardData.Monday)] = new CxBot.Features.Checkins.CheckinWeek(3, 3, new Dictionary<string, CxBot.Features.Checkins.ValueTotal> { ["s1"] = new(arrived, 3) });
        var service = new ScorecardHarness(azurite.Server, prefix, new FakeTimeProvider(new DateTimeOffset(2026, 10, 27, 12, 0, 0, TimeSpan.Zero)), checkins, new RecordingSender()).Service;

        var rolled = await service.RollupAsync(data.Tenant, data.Setup, ScorecardData.Monday, default);
        Assert.Empty((await service.VerifyAsync(data.Tenant, ScorecardData.Monday, default)).Differences);

        // One stored figure really changed: verify reports it, and only it.
        var week = rolled.Single(w => w.TeamId == team.Id);
        await service.Store.SaveAsync(data.Tenant, [week with { Incidents = week.Incidents with { Recovered = week.Incidents.Recovered + 1 } }], DateTimeOffset.UnixEpoch, default);
        var differences = (await service.VerifyAsync(data.Tenant, ScorecardData.Monday, default)).Differences;
        Assert.Equal([new RollupDifference(team.Id, "incidents.recovered", (week.Incidents.Recovered + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), week.Incidents.Recovered.ToString(System.Globalization.CultureInfo.InvariantCulture))], differences);
    }

    [Fact]
    public async Task Rollup_HandRecordedMeasure_IsTheStandardsFigure_AnUnrecordedOneSaysHowToRecordIt()
    {
        var (h, data, _) = await GenerateAsync();
        var at = h.Clock.GetUtcNow().AddHours(-1);
        await h.Measures.SaveAsync(data.Tenant, "team0", ScorecardData.Monday, [new CxBot.Features.Measures.MeasureChange("s4", 88.5m, null)], "mgr0", "Manager 0", at, default);

        var weeks = await h.Service.RollupAsync(data.Tenant, data.Setup, ScorecardData.Monday, default);

        Assert.Equal(new CxBot.Features.Checkins.ValueTotal(88.5, 1), weeks.Single(w => w.TeamId == "team0").Values["s4"]);
        Assert.DoesNotContain("s4", weeks.Single(w => w.TeamId == "team1").Values.Keys);
        var recorded = await h.Service.BuildAsync(data.Tenant, data.Setup, ScorecardService.Team(data.Setup.Teams[0]), ScorecardData.Monday, null, default);
        Assert.Equal("88.5 %", recorded.Standards.Single(l => l.Name == "First-time fix").Figure);
        var missing = await h.Service.BuildAsync(data.Tenant, data.Setup, ScorecardService.Team(data.Setup.Teams[1]), ScorecardData.Monday, null, default);
        Assert.Equal("not recorded yet: a manager records it with \u201crecord measures\u201d", missing.Standards.Single(l => l.Name == "First-time fix").Figure);
        Assert.Empty((await h.Service.VerifyAsync(data.Tenant, ScorecardData.Monday, default)).Differences);
    }

    [Fact]
    public async Task CommandLine_Verify_ZeroOnEqualOneWithDifferences_RebuildFixes()
    {
        var (h, data, prefix) = await GenerateAsync();
        await h.Service.RollupAsync(data.Tenant, data.Setup, ScorecardData.Monday, default);
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Storage"] = azurite.Server.ConnectionString, ["Storage:TablePrefix"] = prefix };
        var args = new[] { "verify", "--tenant", data.Tenant, "--week", "2026-W43" };

        // The interim check-in results (none) recompute zero check-ins, unlike the rollup of the test's own results:
        // the command reports exactly those figures; a rebuild with the same (empty) results makes the two agree.
        var output = new StringWriter();
        var error = new StringWriter();
        var first = await CxBot.Hosting.ScorecardCommandLine.RunAsync(args, settings, output, error, default);
        Assert.Equal(1, first);
        Assert.Contains("answered: stored", error.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await CxBot.Hosting.ScorecardCommandLine.RunAsync(["rebuild", "--tenant", data.Tenant, "--week", "2026-W43"], settings, output, error, default));
        Assert.Equal(0, await CxBot.Hosting.ScorecardCommandLine.RunAsync(args, settings, output, error, default));
        Assert.Contains("equal the recomputation", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await CxBot.Hosting.ScorecardCommandLine.RunAsync(["verify", "--tenant", data.Tenant, "--week", "2026-W99"], settings, output, error, default));
    }

    private static DateOnly LocalMonday(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        while (local.DayOfWeek != DayOfWeek.Monday)
        {
            local = local.AddDays(-1);
        }

        return local;
    }

    private async Task<(ScorecardHarness H, ScorecardData Data, string Prefix)> GenerateAsync()
    {
        var prefix = TestTables.UniquePrefix();
        var checkins = new MemoryCheckinResults();
        var h = new ScorecardHarness(azurite.Server, prefix, new FakeTimeProvider(new DateTimeOffset(2026, 10, 27, 12, 0, 0, TimeSpan.Zero)), checkins, new RecordingSender());
        var data = new ScorecardData();
        await data.WriteAsync(h);
        data.WriteCheckins(checkins);
        return (h, data, prefix);
    }
}
