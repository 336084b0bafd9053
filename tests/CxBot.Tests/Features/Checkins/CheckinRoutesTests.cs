using System.Text.Json.Nodes;
using CxBot.Features.Checkins;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Checkins;

/// <summary>The check-in card's verbs through /api/messages: answers (validated, idempotent, only one's own), preferences and team settings.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CheckinRoutesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2026, 1, 5);
    private FakeConnector _connector = null!;
    private CheckinHarness _h = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _h = await new CheckinHarness(azurite.Server, _connector, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)).SeedAsync("Europe/London", "Europe/London", new TimeOnly(17, 0));
        Assert.Single(await _h.RunAtAsync(new DateTimeOffset(2026, 1, 5, 17, 0, 0, TimeSpan.Zero)));
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _connector.DisposeAsync();
        var problems = SentChecks.Problems(_connector, _h.App);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }

    private JsonObject Answer(string date = "2026-01-05", string? teamId = null, params (string Id, string Value)[] values)
    {
        var data = new JsonObject { ["teamId"] = teamId ?? _h.TeamId, ["date"] = date };
        foreach (var (id, value) in values)
        {
            data[CheckinNames.QuestionPrefix + id] = value;
        }

        return data;
    }

    private Task<CheckinWeek> WeekAsync() => _h.Store.GetWeekAsync(_h.T.Tenant, _h.TeamId, Monday, default);

    [Fact]
    public async Task Answer_ValidThenChangedThenRedelivered_ThanksCardAndCountedOnce()
    {
        var person = _h.FrontLine[0];

        var first = await _h.ExecuteAsync(person, CheckinNames.Answer, Answer(values: [(CheckinHarness.Soft, "4"), (CheckinHarness.Hard, "6.5")]));
        var afterFirst = await WeekAsync();
        var changed = await _h.ExecuteAsync(person, CheckinNames.Answer, Answer(values: [(CheckinHarness.Soft, "2"), (CheckinHarness.Hard, "")]));
        await _h.ExecuteAsync(person, CheckinNames.Answer, Answer(values: [(CheckinHarness.Soft, "2"), (CheckinHarness.Hard, "")]));
        var afterChange = await WeekAsync();

        Assert.Equal(CheckinHarness.CardType, first.Type);
        Assert.Contains("Thanks, your check-in is in", first.Value, StringComparison.Ordinal);
        Assert.Contains("Longest queue", first.Value, StringComparison.Ordinal);
        Assert.Equal((3, 1, 4.0, 6.5), (afterFirst.Prompted, afterFirst.Answered, afterFirst.Values[CheckinHarness.Soft].Sum, afterFirst.Values[CheckinHarness.Hard].Sum));
        Assert.Equal(CheckinHarness.CardType, changed.Type);
        Assert.Equal((3, 1), (afterChange.Prompted, afterChange.Answered));
        Assert.Equal(new ValueTotal(2, 1), afterChange.Values[CheckinHarness.Soft]);
        Assert.False(afterChange.Values.ContainsKey(CheckinHarness.Hard));
        Assert.Equal(CheckinStore.Recompute(await _h.Store.GetAnswersAsync(_h.T.Tenant, _h.TeamId, Monday, default)), afterChange, WeekComparer.Instance);
    }

    [Theory]
    [InlineData(CheckinHarness.Soft, "6", "from 1 to 5")]
    [InlineData(CheckinHarness.Soft, "3.5", "from 1 to 5")]
    [InlineData(CheckinHarness.Soft, "lots", "needs a number")]
    [InlineData(CheckinHarness.Hard, "-1", "\"Longest queue\" must be a number from 0 to 1,000,000,000. Nothing was saved.")]
    [InlineData(CheckinHarness.Percent, "150", "\"Delivered without damage\" is a percentage: enter a number from 0 to 100. Nothing was saved.")]
    [InlineData(CheckinHarness.Percent, "-0.5", "is a percentage: enter a number from 0 to 100")]
    [InlineData("nps", "8", "no longer measures")]
    [InlineData(CheckinHarness.Retired, "3", "no longer measures")]
    [InlineData("unknown", "3", "no longer measures")]
    [InlineData(CheckinHarness.Soft, "", "Answer at least one question")]
    public async Task Answer_BadValue_ClearMessageAndNothingStored(string id, string value, string message)
    {
        // A good answer beside the bad one: the whole answer is refused, not just the bad value.
        var data = id == CheckinHarness.Soft ? Answer(values: [(id, value)]) : Answer(values: [(CheckinHarness.Soft, "4"), (id, value)]);

        var reply = await _h.ExecuteAsync(_h.FrontLine[1], CheckinNames.Answer, data);

        Assert.Equal(CheckinHarness.MessageType, reply.Type);
        Assert.Contains(message, reply.Value, StringComparison.Ordinal);
        Assert.Equal(0, (await WeekAsync()).Answered);
        Assert.Null((await _h.Store.GetAsync(_h.T.Tenant, _h.TeamId, Monday, _h.FrontLine[1], default))!.AnsweredAt);
    }

    [Fact]
    public async Task Prompt_SoftStandards_AsksStaffTheirQuestionNotTheCustomers()
    {
        var card = _h.Jobs.Created.First().Activity.Attachments![0].Content!;
        var shown = string.Join('\n', VisibleText.Of(card));

        Assert.Contains("How well did we greet customers today?", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("How welcome did you feel", shown, StringComparison.Ordinal);
        // A standard stored before staff questions existed: asked about by its name, never in the customer's words.
        Assert.Contains("How well did we keep this today: the customer felt listened to?", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("How well did we listen to you?", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_HandRecordedMeasures_LabelledWithUnitAndRangeAndLimitedToIt()
    {
        var card = _h.Jobs.Created.First().Activity.Attachments![0].Content!;
        var inputs = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "Input.Number").ToDictionary(e => (string)e!["id"]!, e => e!);

        var percent = inputs[CheckinNames.QuestionPrefix + CheckinHarness.Percent];
        Assert.Equal("Delivered without damage, in % (0 to 100)", (string?)percent["label"]);
        Assert.Equal((0d, 100d), ((double)percent["min"]!, (double)percent["max"]!));
        Assert.Equal("Longest queue, in people (0 to 1,000,000,000)", (string?)inputs[CheckinNames.QuestionPrefix + CheckinHarness.Hard]["label"]);
        var reply = await _h.ExecuteAsync(_h.FrontLine[1], CheckinNames.Answer, Answer(values: [(CheckinHarness.Percent, "100")]));
        Assert.Equal(CheckinHarness.CardType, reply.Type);
        Assert.Contains("Delivered without damage", reply.Value, StringComparison.Ordinal);
        Assert.Equal(new ValueTotal(100, 1), (await WeekAsync()).Values[CheckinHarness.Percent]);
    }

    [Fact]
    public async Task Answer_ForAnotherDayTeamOrPersonNotPrompted_Refused()
    {
        var otherDay = await _h.ExecuteAsync(_h.FrontLine[0], CheckinNames.Answer, Answer("2026-01-04", values: [(CheckinHarness.Soft, "5")]));
        var otherTeam = await _h.ExecuteAsync(_h.FrontLine[0], CheckinNames.Answer, Answer(teamId: "team-nope", values: [(CheckinHarness.Soft, "5")]));
        var manager = await _h.ExecuteAsync(_h.Manager, CheckinNames.Answer, Answer(values: [(CheckinHarness.Soft, "5")]));
        var stranger = await _h.ExecuteAsync(Guid.NewGuid().ToString(), CheckinNames.Answer, Answer(values: [(CheckinHarness.Soft, "5")]));

        Assert.All(new[] { otherDay, otherTeam, manager, stranger }, r => Assert.Equal((CheckinHarness.MessageType, CheckinRoutes.NotYours), r));
        Assert.Equal(0, (await WeekAsync()).Answered);
    }

    [Fact]
    public async Task Answer_AfterTheAnswerWindow_Refused()
    {
        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 8, 9, 0, 0, TimeSpan.Zero));

        var late = await _h.ExecuteAsync(_h.FrontLine[0], CheckinNames.Answer, Answer(values: [(CheckinHarness.Soft, "5")]));

        Assert.Equal((CheckinHarness.MessageType, CheckinRoutes.TooLate), late);
    }

    [Fact]
    public async Task Edit_Answered_PromptWithTheAnswersFilledIn()
    {
        await _h.ExecuteAsync(_h.FrontLine[0], CheckinNames.Answer, Answer(values: [(CheckinHarness.Soft, "3"), (CheckinHarness.Hard, "12")]));

        var edit = await _h.ExecuteAsync(_h.FrontLine[0], CheckinNames.Edit, Answer());

        Assert.Equal(CheckinHarness.CardType, edit.Type);
        var card = JsonNode.Parse(edit.Value)!;
        var inputs = card["body"]!.AsArray().Where(n => ((string?)n!["id"])?.StartsWith(CheckinNames.QuestionPrefix, StringComparison.Ordinal) == true).ToDictionary(n => (string)n!["id"]!, n => n!["value"]?.ToJsonString());
        Assert.Equal("\"3\"", inputs[CheckinNames.QuestionPrefix + CheckinHarness.Soft]);
        Assert.Equal("12", inputs[CheckinNames.QuestionPrefix + CheckinHarness.Hard]);
        Assert.Null(inputs[CheckinNames.QuestionPrefix + CheckinHarness.Percent]); // not answered: left empty
    }

    [Fact]
    public async Task PauseStopResumeQuietHours_FromTheCard_StoredForTheCallerOnly()
    {
        var person = _h.FrontLine[2];

        var badPause = await _h.ExecuteAsync(person, CheckinNames.Pause, new JsonObject { ["until"] = "2026-01-05" });
        var pause = await _h.ExecuteAsync(person, CheckinNames.Pause, new JsonObject { ["until"] = "2026-01-12" });
        var paused = await _h.Settings.GetPersonAsync(_h.T.Tenant, person, default);
        var stop = await _h.ExecuteAsync(person, CheckinNames.Stop, new JsonObject());
        var stopped = await _h.Settings.GetPersonAsync(_h.T.Tenant, person, default);
        var badQuiet = await _h.ExecuteAsync(person, CheckinNames.SaveQuietHours, new JsonObject { ["quietFrom"] = "22:00" });
        await _h.ExecuteAsync(person, CheckinNames.SaveQuietHours, new JsonObject { ["quietFrom"] = "22:00", ["quietTo"] = "07:00" });
        var resume = await _h.ExecuteAsync(person, CheckinNames.Resume, new JsonObject());
        var resumed = await _h.Settings.GetPersonAsync(_h.T.Tenant, person, default);

        Assert.Equal(CheckinHarness.MessageType, badPause.Type);
        Assert.Contains("Paused: your check-ins start again on Monday 12 January", pause.Value, StringComparison.Ordinal);
        Assert.Equal(new PersonPreferences(false, new DateOnly(2026, 1, 12), null, null), paused);
        Assert.Contains("Check-ins stopped", stop.Value, StringComparison.Ordinal);
        Assert.True(stopped.Stopped);
        Assert.Equal(CheckinHarness.MessageType, badQuiet.Type);
        Assert.Contains("Check-ins are back on", resume.Value, StringComparison.Ordinal);
        Assert.Equal(new PersonPreferences(false, null, new TimeOnly(22, 0), new TimeOnly(7, 0)), resumed);
        Assert.Equal(PersonPreferences.None, await _h.Settings.GetPersonAsync(_h.T.Tenant, _h.FrontLine[0], default));
    }

    [Fact]
    public async Task TeamSettings_FrontLineRefusedManagerSaves_ValidatedOnTheServer()
    {
        JsonObject Save() => new() { ["teamId"] = _h.TeamId, ["enabled"] = "true", ["days"] = "1,2,3,6", ["reminder"] = "60" };

        var frontLine = await _h.ExecuteAsync(_h.FrontLine[0], CheckinNames.SaveTeamSettings, Save());
        var frontLineShow = await _h.ExecuteAsync(_h.FrontLine[0], CheckinNames.ShowTeamSettings, new JsonObject { ["teamId"] = _h.TeamId });
        var badDelay = await _h.ExecuteAsync(_h.Manager, CheckinNames.SaveTeamSettings, new JsonObject { ["teamId"] = _h.TeamId, ["enabled"] = "true", ["days"] = "1", ["reminder"] = "7" });
        var noDays = await _h.ExecuteAsync(_h.Manager, CheckinNames.SaveTeamSettings, new JsonObject { ["teamId"] = _h.TeamId, ["enabled"] = "true", ["days"] = "", ["reminder"] = "0" });
        var manager = await _h.ExecuteAsync(_h.Manager, CheckinNames.SaveTeamSettings, Save());
        var preferences = await _h.ExecuteAsync(_h.Manager, CheckinNames.ShowPreferences, new JsonObject());
        var show = await _h.ExecuteAsync(_h.Manager, CheckinNames.ShowTeamSettings, new JsonObject { ["teamId"] = _h.TeamId });

        Assert.Equal(CheckinHarness.MessageType, frontLine.Type);
        Assert.Equal(CheckinHarness.MessageType, frontLineShow.Type);
        Assert.Equal(CheckinHarness.MessageType, badDelay.Type);
        Assert.Equal(CheckinHarness.MessageType, noDays.Type);
        Assert.Contains("Saved.", manager.Value, StringComparison.Ordinal);
        var stored = await _h.Settings.GetTeamAsync(_h.T.Tenant, _h.TeamId, TeamCheckinSettings.Default(TimeSpan.Zero), default);
        Assert.Equal((true, TimeSpan.FromHours(1)), (stored.Enabled, stored.ReminderDelay));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Saturday], stored.Days);
        Assert.Contains("Team settings", preferences.Value, StringComparison.Ordinal);
        Assert.Contains("Check-ins: Store 42 – Leeds", show.Value, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"60\"", show.Value, StringComparison.Ordinal);
    }

    /// <summary>Weeks compared by value (the dictionaries by content).</summary>
    private sealed class WeekComparer : IEqualityComparer<CheckinWeek>
    {
        public static readonly WeekComparer Instance = new();

        public bool Equals(CheckinWeek? x, CheckinWeek? y) => x is not null && y is not null && x.Prompted == y.Prompted && x.Answered == y.Answered
            && x.Values.Count == y.Values.Count && x.Values.All(v => y.Values.TryGetValue(v.Key, out var o) && o == v.Value);

        public int GetHashCode(CheckinWeek obj) => obj.Prompted;
    }
}
