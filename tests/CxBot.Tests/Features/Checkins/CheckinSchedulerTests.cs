using CxBot.Features.Checkins;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Checkins;

/// <summary>The scheduler on a virtual clock against real Azurite: shift ends in the team's zone (across daylight-saving changes), once per day, reminders, opt-outs.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CheckinSchedulerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeOnly Five = new(17, 0);
    private FakeConnector _connector = null!;
    private readonly List<CheckinHarness> _harnesses = [];

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var h in _harnesses)
        {
            await h.DisposeAsync();
        }

        await _connector.DisposeAsync();
        foreach (var h in _harnesses)
        {
            var problems = SentChecks.Problems(_connector, h.App);
            Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
        }
    }

    private Task<CheckinHarness> SeedAsync(DateTimeOffset start, string orgZone, string teamZone, TimeOnly shiftEnd)
    {
        var h = new CheckinHarness(azurite.Server, _connector, start);
        _harnesses.Add(h);
        return h.SeedAsync(orgZone, teamZone, shiftEnd);
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunOnce_TeamInAnotherZoneThanTheOrganisation_PromptsAtItsOwnShiftEndOnceToFrontLineOnly()
    {
        var h = await SeedAsync(Utc(1, 5, 12), "Europe/London", "America/New_York", Five);

        var atLondonFive = await h.RunAtAsync(Utc(1, 5, 17));
        var justBefore = await h.RunAtAsync(Utc(1, 5, 21, 59));
        var atNewYorkFive = await h.RunAtAsync(Utc(1, 5, 22));
        var later = await h.RunAtAsync(Utc(1, 5, 22, 30));

        Assert.Empty(atLondonFive);
        Assert.Empty(justBefore);
        var job = Assert.Single(atNewYorkFive);
        Assert.Empty(later);
        Assert.Equal(h.FrontLine.Order(), CheckinHarness.People(job));
        Assert.Equal(CheckinKeys.JobId(h.TeamId, new DateOnly(2026, 1, 5)), job.JobId);
        Assert.Equal(h.T.Tenant, job.TenantId);
        var week = await h.Store.GetWeekAsync(h.T.Tenant, h.TeamId, new DateOnly(2026, 1, 5), default);
        Assert.Equal((3, 0), (week.Prompted, week.Answered));
        Assert.Equal(3, _connector.Requests.Count(r => r.Method == "POST" && (r.Json?.ToJsonString() ?? "").Contains(h.TeamId, StringComparison.Ordinal) && (r.Json?.ToJsonString() ?? "").Contains("checkins.answer", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunOnce_LondonShiftEndInsideTheSpringGapAndTheAutumnRepeat_SentOnceAtTheDocumentedInstant()
    {
        // 2026-03-29: 01:00 GMT jumps to 02:00 BST, so 01:30 does not exist (moved on by the gap: 01:30 UTC).
        // 2026-10-25: 02:00 BST falls back to 01:00 GMT, so 01:30 happens twice (the first: 00:30 UTC).
        var h = await SeedAsync(Utc(3, 28, 12), "Europe/London", "Europe/London", new TimeOnly(1, 30));
        await h.EveryDayAsync(TimeSpan.Zero);

        var beforeGap = await h.RunAtAsync(Utc(3, 29, 1, 29));
        var afterGap = await h.RunAtAsync(Utc(3, 29, 1, 30));
        var beforeFirst = await h.RunAtAsync(Utc(10, 25, 0, 29));
        var first = await h.RunAtAsync(Utc(10, 25, 0, 30));
        var second = await h.RunAtAsync(Utc(10, 25, 1, 30));

        Assert.Empty(beforeGap);
        Assert.Equal(CheckinKeys.JobId(h.TeamId, new DateOnly(2026, 3, 29)), Assert.Single(afterGap).JobId);
        Assert.Empty(beforeFirst);
        Assert.Equal(CheckinKeys.JobId(h.TeamId, new DateOnly(2026, 10, 25)), Assert.Single(first).JobId);
        Assert.Empty(second);
    }

    [Fact]
    public async Task RunOnce_NewYorkAcrossSpringForward_SendsAtFiveLocalOnBothSides()
    {
        // Saturday 2026-03-07 17:00 EST = 22:00 UTC; Sunday 2026-03-08 17:00 EDT = 21:00 UTC.
        var h = await SeedAsync(Utc(3, 7, 12), "Europe/London", "America/New_York", Five);
        await h.EveryDayAsync(TimeSpan.Zero);

        var saturday = (await h.RunAtAsync(Utc(3, 7, 21, 59))).Count + (await h.RunAtAsync(Utc(3, 7, 22))).Count * 10;
        var sunday = (await h.RunAtAsync(Utc(3, 8, 20, 59))).Count + (await h.RunAtAsync(Utc(3, 8, 21))).Count * 10;

        Assert.Equal((10, 10), (saturday, sunday));
    }

    [Fact]
    public async Task RunOnce_BotDownAtShiftEnd_SendsLateTheSameDayButNeverForAMissedDay()
    {
        var h = await SeedAsync(Utc(1, 5, 9), "Europe/London", "Europe/London", Five);

        var before = await h.RunAtAsync(Utc(1, 5, 16));
        var lateSameDay = await h.RunAtAsync(Utc(1, 5, 23, 30));
        var nextMorningAfterMissingTuesday = await h.RunAtAsync(Utc(1, 7, 9));
        var wednesday = await h.RunAtAsync(Utc(1, 7, 17));

        Assert.Empty(before);
        Assert.Equal(CheckinKeys.JobId(h.TeamId, new DateOnly(2026, 1, 5)), Assert.Single(lateSameDay).JobId);
        Assert.Empty(nextMorningAfterMissingTuesday);
        Assert.Equal(CheckinKeys.JobId(h.TeamId, new DateOnly(2026, 1, 7)), Assert.Single(wednesday).JobId);
        Assert.Null(await h.Store.GetDayAsync(h.T.Tenant, h.TeamId, new DateOnly(2026, 1, 6), default));
    }

    [Fact]
    public async Task RunOnce_AfterTheDelay_RemindsOnlyThoseWhoHaveNotAnsweredAndNotThoseWhoStopped()
    {
        var h = await SeedAsync(Utc(1, 5, 9), "Europe/London", "Europe/London", Five);
        await h.Settings.SaveTeamAsync(h.T.Tenant, h.TeamId, new TeamCheckinSettings(true, TeamCheckinSettings.WeekDays, TimeSpan.FromHours(1)), h.Manager, h.Clock.GetUtcNow(), default);
        var (answers, silent, stopped) = (h.FrontLine[0], h.FrontLine[1], h.FrontLine[2]);
        await h.Settings.SavePersonAsync(h.T.Tenant, stopped, new PersonPreferences(true, null, null, null), default);
        var monday = new DateOnly(2026, 1, 5);

        var prompt = Assert.Single(await h.RunAtAsync(Utc(1, 5, 17)));
        await h.Store.AnswerAsync(h.T.Tenant, h.TeamId, monday, answers, new Dictionary<string, double> { [CheckinHarness.Soft] = 4 }, h.Clock.GetUtcNow(), default);
        var beforeDelay = await h.RunAtAsync(Utc(1, 5, 17, 59));
        var reminder = Assert.Single(await h.RunAtAsync(Utc(1, 5, 18)));
        var afterwards = await h.RunAtAsync(Utc(1, 5, 19));

        Assert.Equal(new[] { answers, silent }.Order(), CheckinHarness.People(prompt));
        Assert.Empty(beforeDelay);
        Assert.Equal([silent], CheckinHarness.People(reminder));
        Assert.Equal(CheckinKeys.JobId(h.TeamId, monday, CheckinScheduler.ReminderStage), reminder.JobId);
        Assert.Empty(afterwards);
        var week = await h.Store.GetWeekAsync(h.T.Tenant, h.TeamId, monday, default);
        Assert.Equal((2, 1), (week.Prompted, week.Answered));
    }

    [Fact]
    public async Task RunOnce_ReminderDueAfterMidnight_SentTheNextLocalDayForThePreviousDaysPrompt()
    {
        var h = await SeedAsync(Utc(1, 5, 9), "Europe/London", "Europe/London", new TimeOnly(23, 0));
        await h.Settings.SaveTeamAsync(h.T.Tenant, h.TeamId, new TeamCheckinSettings(true, TeamCheckinSettings.WeekDays, TimeSpan.FromHours(2)), h.Manager, h.Clock.GetUtcNow(), default);

        var prompt = Assert.Single(await h.RunAtAsync(Utc(1, 5, 23)));
        var reminder = Assert.Single(await h.RunAtAsync(Utc(1, 6, 1)));

        Assert.Equal(CheckinKeys.JobId(h.TeamId, new DateOnly(2026, 1, 5)), prompt.JobId);
        Assert.Equal(CheckinKeys.JobId(h.TeamId, new DateOnly(2026, 1, 5), CheckinScheduler.ReminderStage), reminder.JobId);
        Assert.Equal(h.FrontLine.Order(), CheckinHarness.People(reminder));
    }

    [Fact]
    public async Task RunOnce_BotDownPastTheReminderCutoff_ReminderDropped()
    {
        var h = await SeedAsync(Utc(1, 5, 9), "Europe/London", "Europe/London", Five);
        await h.Settings.SaveTeamAsync(h.T.Tenant, h.TeamId, new TeamCheckinSettings(true, TeamCheckinSettings.WeekDays, TimeSpan.FromMinutes(30)), h.Manager, h.Clock.GetUtcNow(), default);

        Assert.Single(await h.RunAtAsync(Utc(1, 5, 17)));
        var tooLate = await h.RunAtAsync(Utc(1, 5, 23, 31));

        Assert.Empty(tooLate);
        Assert.NotNull((await h.Store.GetDayAsync(h.T.Tenant, h.TeamId, new DateOnly(2026, 1, 5), default))?.RemindedAt);
    }

    [Fact]
    public async Task RunOnce_EveryoneAnswered_NoReminderJob()
    {
        var h = await SeedAsync(Utc(1, 5, 9), "Europe/London", "Europe/London", Five);
        Assert.Single(await h.RunAtAsync(Utc(1, 5, 17)));
        foreach (var person in h.FrontLine)
        {
            await h.Store.AnswerAsync(h.T.Tenant, h.TeamId, new DateOnly(2026, 1, 5), person, new Dictionary<string, double> { [CheckinHarness.Hard] = 3 }, h.Clock.GetUtcNow(), default);
        }

        Assert.Empty(await h.RunAtAsync(Utc(1, 5, 19, 30)));
        Assert.NotNull((await h.Store.GetDayAsync(h.T.Tenant, h.TeamId, new DateOnly(2026, 1, 5), default))?.RemindedAt);
    }

    [Fact]
    public async Task RunOnce_PausedQuietHoursWeekendAndDisabled_Honoured()
    {
        var h = await SeedAsync(Utc(1, 5, 9), "Europe/London", "Europe/London", Five);
        var (paused, quiet, plain) = (h.FrontLine[0], h.FrontLine[1], h.FrontLine[2]);
        await h.Settings.SavePersonAsync(h.T.Tenant, paused, new PersonPreferences(false, new DateOnly(2026, 1, 6), null, null), default);
        await h.Settings.SavePersonAsync(h.T.Tenant, quiet, new PersonPreferences(false, null, new TimeOnly(16, 30), new TimeOnly(8, 0)), default);

        var monday = Assert.Single(await h.RunAtAsync(Utc(1, 5, 17)));
        var tuesday = Assert.Single(await h.RunAtAsync(Utc(1, 6, 17)));
        var saturday = await h.RunAtAsync(Utc(1, 10, 17));
        await h.Settings.SaveTeamAsync(h.T.Tenant, h.TeamId, new TeamCheckinSettings(false, TeamCheckinSettings.WeekDays, TimeSpan.Zero), h.Manager, h.Clock.GetUtcNow(), default);
        var disabledMonday = await h.RunAtAsync(Utc(1, 12, 17));

        Assert.Equal([plain], CheckinHarness.People(monday));
        Assert.Equal(new[] { paused, plain }.Order(), CheckinHarness.People(tuesday));
        Assert.Empty(saturday);
        Assert.Empty(disabledMonday);
    }

    [Fact]
    public async Task RunOnce_ConcurrentPassesAndASecondInstance_OneJobPerTeamDayAndOnePromptEach()
    {
        var h = await SeedAsync(Utc(1, 5, 9), "Europe/London", "Europe/London", Five);
        h.Clock.SetUtcNow(Utc(1, 5, 17));
        var otherInstance = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<CheckinScheduler>(h.App.Services);

        await Task.WhenAll(h.Scheduler.RunOnceAsync(default), h.Scheduler.RunOnceAsync(default));
        var second = await otherInstance.RunOnceAsync(default);

        Assert.Equal(0, second);
        Assert.Single(h.Jobs.Created);
        Assert.Equal(3, (await h.Store.GetWeekAsync(h.T.Tenant, h.TeamId, new DateOnly(2026, 1, 5), default)).Prompted);
    }
}
