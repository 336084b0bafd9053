using System.Text.Json.Nodes;
using CxBot.Features.Checkins;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Checkins;

/// <summary>
/// Which prompts arrived: the scheduler records each person-day's delivery as the send engine settled it, the week's summary
/// counts delivered days and names the people not reached with the reason, and answers and reminders that arrive count as delivered.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CheckinDeliveryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2026, 1, 5);
    private FakeConnector _connector = null!;
    private CheckinHarness _h = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _h = new CheckinHarness(azurite.Server, _connector, Utc(5, 9));
        _h.NeverOpen.Add(_h.FrontLine[2]);
        await _h.SeedAsync("Europe/London", "Europe/London", new TimeOnly(17, 0));
        await _h.Settings.SaveTeamAsync(_h.T.Tenant, _h.TeamId, new TeamCheckinSettings(true, TeamCheckinSettings.WeekDays, TimeSpan.FromHours(1)), _h.Manager, _h.Clock.GetUtcNow(), default);
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _connector.DisposeAsync();
        var problems = SentChecks.Problems(_connector, _h.App);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 1, day, hour, minute, 0, TimeSpan.Zero);

    private Task<CheckinWeek> WeekAsync() => _h.Store.GetWeekAsync(_h.T.Tenant, _h.TeamId, Monday, default);

    private async Task<string> AnswerAsync(string person, DateOnly date, int greeting)
    {
        var data = new JsonObject { ["teamId"] = _h.TeamId, ["date"] = CheckinKeys.Date(date), [CheckinNames.QuestionPrefix + CheckinHarness.Soft] = greeting.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var (type, value) = await _h.ExecuteAsync(person, CheckinNames.Answer, data);
        Assert.Equal(CheckinHarness.CardType, type);
        return value;
    }

    private static (int Prompted, int Delivered, int Answered, int Awaiting, string NotReached) Figures(CheckinWeek w) =>
        (w.Prompted, w.Delivered, w.Answered, w.Awaiting, string.Join("; ", w.NotReached.Select(p => $"{p.UserId} {p.Reason} {p.Days} ({p.Label})")));

    [Fact]
    public async Task RunOnce_OneOfThreeNeverOpenedCxBot_DeliveredCountsTheOthersAndSheIsNamedNotReachedOnce()
    {
        var (answers, silent, unreached) = (_h.FrontLine[0], _h.FrontLine[1], _h.FrontLine[2]);

        var prompt = Assert.Single(await _h.RunAtAsync(Utc(5, 17)));
        var afterPrompt = await WeekAsync();
        var thanks = await AnswerAsync(answers, Monday, 4);
        var reminder = Assert.Single(await _h.RunAtAsync(Utc(5, 18)));
        await _h.RunAtAsync(Utc(5, 18, 5));
        var afterReminder = await WeekAsync();

        Assert.Equal(_h.FrontLine.Order(), CheckinHarness.People(prompt));
        Assert.Equal((3, 2, 0, 0, $"{unreached} NeverOpened 1 (never opened CxBot)"), Figures(afterPrompt));
        Assert.Contains("Thanks, your check-in is in", thanks, StringComparison.Ordinal);
        // The reminder goes to both who have not answered; it fails again for her, and that day is still counted once.
        Assert.Equal(new[] { silent, unreached }.Order(), CheckinHarness.People(reminder));
        Assert.Equal((3, 2, 1, 0, $"{unreached} NeverOpened 1 (never opened CxBot)"), Figures(afterReminder));

        // The send engine tells the same outcomes again (a pass cut short, another instance): nothing changes.
        var again = await _h.Store.RecordDeliveryAsync(_h.T.Tenant, _h.TeamId, Monday, [DeliveryOutcome.Delivered(answers), DeliveryOutcome.Delivered(silent), new DeliveryOutcome(unreached, NotReachedReason.NeverOpened)], default);
        Assert.Equal(0, again);
        Assert.Equal(Figures(afterReminder), Figures(await WeekAsync()));

        // Tuesday she has opened CxBot: her prompt arrives; Monday stays not reached.
        using (var opened = await _h.App.PostAsync(_h.T.PersonalInstall(unreached)))
        {
            opened.EnsureSuccessStatusCode();
        }

        Assert.Single(await _h.RunAtAsync(Utc(6, 17)));
        var week = await WeekAsync();
        var rows = await _h.Store.GetAnswersAsync(_h.T.Tenant, _h.TeamId, Monday, default);

        Assert.Equal((6, 5, 1, 0, $"{unreached} NeverOpened 1 (never opened CxBot)"), Figures(week));
        Assert.Equal(Figures(CheckinStore.Recompute(rows)), Figures(week));
        string State(string person, DateOnly date) => rows.Single(r => r.UserId == person && r.Date == date) is var r ? $"{r.Delivery} {r.NotReachedReason} {r.AnsweredAt is not null}" : "";
        Assert.Equal("Delivered  True", State(answers, Monday));
        Assert.Equal("Delivered  False", State(silent, Monday));
        Assert.Equal("NotReached NeverOpened False", State(unreached, Monday));
        Assert.Equal("Delivered  False", State(unreached, Monday.AddDays(1)));
        var day = await _h.Store.GetDayAsync(_h.T.Tenant, _h.TeamId, Monday, default);
        Assert.NotNull(day?.DeliveryRecordedAt);
        Assert.NotNull(day?.ReminderDeliveryRecordedAt);
    }

    [Fact]
    public async Task RunOnce_ReminderArrivesForSomeoneThePromptMissed_DeliveredAndAnswerable()
    {
        var unreached = _h.FrontLine[2];
        Assert.Single(await _h.RunAtAsync(Utc(5, 17)));
        var beforeOpening = await WeekAsync();

        using (var opened = await _h.App.PostAsync(_h.T.PersonalInstall(unreached)))
        {
            opened.EnsureSuccessStatusCode();
        }

        Assert.Single(await _h.RunAtAsync(Utc(5, 18)));
        var afterReminder = await WeekAsync();
        await AnswerAsync(unreached, Monday, 5);
        var afterAnswer = await WeekAsync();

        Assert.Equal((3, 2, 0, 0, $"{unreached} NeverOpened 1 (never opened CxBot)"), Figures(beforeOpening));
        Assert.Equal((3, 3, 0, 0, ""), Figures(afterReminder));
        Assert.Equal((3, 3, 1, 0, ""), Figures(afterAnswer));
        Assert.Equal(Figures(CheckinStore.Recompute(await _h.Store.GetAnswersAsync(_h.T.Tenant, _h.TeamId, Monday, default))), Figures(afterAnswer));
    }

    [Fact]
    public async Task RunOnce_SendEngineStillSending_PromptsAwaitingUntilSettledThenRecorded()
    {
        // The harness's engine settles at once; a job the engine has not finished is read again on the next pass.
        var jobs = _h.Jobs;
        jobs.HoldOutcomes = true;
        Assert.Single(await _h.RunAtAsync(Utc(5, 17)));
        var sending = await WeekAsync();
        var dayWhileSending = await _h.Store.GetDayAsync(_h.T.Tenant, _h.TeamId, Monday, default);

        jobs.HoldOutcomes = false;
        await _h.RunAtAsync(Utc(5, 17, 1));
        var settled = await WeekAsync();

        Assert.Equal((3, 0, 0, 3, ""), Figures(sending));
        Assert.Null(dayWhileSending?.DeliveryRecordedAt);
        Assert.Equal((3, 2, 0, 0, $"{_h.FrontLine[2]} NeverOpened 1 (never opened CxBot)"), Figures(settled));
    }
}
