using System.Text.Json.Nodes;
using CxBot.Features.Measures;
using CxBot.Testing;
using CxBot.Tests.Storage;
using static CxBot.Tests.Features.Measures.MeasureHarness;

namespace CxBot.Tests.Features.Measures;

/// <summary>
/// Recording a team's weekly figures through /api/messages: the form (what it asks, in words people read), saving (checked on
/// the server, every problem at once, nothing stored on any), redelivery, two managers at once, and what the scorecards read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MeasureRoutesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Confirmation = "Recorded for Harbourside Store, week 49 (30 Nov – 6 Dec): Delivery slot kept 96 %, Installed right first time 88.5 %";
    private FakeConnector _connector = null!;
    private MeasureHarness _h = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _h = await new MeasureHarness(azurite.Server, _connector).SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _connector.DisposeAsync();
        var problems = SentChecks.Problems(_connector, _h.App);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }

    private static IReadOnlyList<string> Shown(string cardJson) => VisibleText.Of(JsonNode.Parse(cardJson));

    private static Dictionary<string, JsonObject> Inputs(JsonNode card) => Descendants(card)
        .Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true)
        .ToDictionary(o => (string)o["id"]!, o => o);

    private static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Descendants(p.Value))),
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    [Theory]
    [InlineData("record measures")]
    [InlineData("Record Measures please")]
    [InlineData("record figures")]
    [InlineData("weekly figures")]
    [InlineData("can I record the weekly figures")]
    public async Task Typed_Manager_LastWeeksFormWithTheStandardsCheckinsDoNotAsk(string text)
    {
        var card = CardOf(await _h.TypeAsync(_h.Mia, text))!;
        var shown = VisibleText.Of(card);
        var inputs = Inputs(card);

        Assert.Equal("Weekly figures: Harbourside Store", shown[0]);
        Assert.Equal("Week 49 (30 Nov – 6 Dec)", shown[1]);
        // Hard standards in force that check-ins do not ask: not the hand-recorded one, the retired one or the soft one.
        Assert.Equal(["m_callback-wait", "m_slot-kept", "m_first-time-fix", "pickWeek"], inputs.Keys); // by name
        Assert.Equal("Delivery slot kept, in % (0 to 100)", (string?)inputs["m_slot-kept"]["label"]);
        Assert.Equal((0d, 100d), ((double)inputs["m_slot-kept"]["min"]!, (double)inputs["m_slot-kept"]["max"]!));
        Assert.Equal("Call-back wait, in minutes (0 to 1,000,000,000)", (string?)inputs["m_callback-wait"]["label"]);
        Assert.Contains("Target: at least 95 %. Not recorded yet.", shown);
        Assert.Contains("Target: at most 30 minutes. Not recorded yet.", shown);
        // Mia manages one team: the picker offers weeks only, last week picked, read as weeks, not ISO labels.
        Assert.Equal("2026-W49", (string?)inputs["pickWeek"]["value"]);
        Assert.Equal(
            ["This week so far: Week 50 (7 – 13 Dec)", "Last week: Week 49 (30 Nov – 6 Dec)", "2 weeks ago: Week 48 (23 – 29 Nov)", "3 weeks ago: Week 47 (16 – 22 Nov)", "4 weeks ago: Week 46 (9 – 15 Nov)"],
            inputs["pickWeek"]["choices"]!.AsArray().Select(c => (string)c!["title"]!));
        Assert.Contains("Another week", shown);
        Assert.Empty(VisibleText.Problems(card));
    }

    [Fact]
    public async Task Save_ManagerRecordsTwo_StoredAsDecimalsWithWhoAndWhenAndConfirmationNamesEach()
    {
        var reply = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(values: [(SlotKept, "96"), (FirstTimeFix, "88.5"), (CallbackWait, "")]));
        var stored = await _h.Week49Async();
        var form = CardOf(await _h.TypeAsync(_h.Max, "record measures"))!;

        Assert.Equal(CardType, reply.Type);
        Assert.Equal(["Figures saved", Confirmation, "They count towards the team's scorecard for that week.", "Change these figures"], Shown(reply.Value).Distinct());
        Assert.Equal([FirstTimeFix, SlotKept], stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new RecordedMeasure(SlotKept, 96m, _h.Mia, "Mia Manager", _h.Clock.GetUtcNow()), stored[SlotKept]);
        Assert.Equal(88.5m, stored[FirstTimeFix].Value);
        Assert.Equal("88.5", stored[FirstTimeFix].Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Another manager opening the form sees them, who recorded them and when, and may clear them.
        var shown = VisibleText.Of(form);
        Assert.Contains("Target: at least 95 %. Recorded: 96 % by Mia Manager on Monday 7 December.", shown);
        Assert.Contains("Target: at least 90 %. Recorded: 88.5 % by Mia Manager on Monday 7 December.", shown);
        Assert.Equal(96d, (double)Inputs(form)["m_slot-kept"]["value"]!);
        Assert.Equal("Clear the recorded 96 %", (string?)Inputs(form)["clear_slot-kept"]["title"]);
        Assert.DoesNotContain("clear_callback-wait", Inputs(form).Keys);
        Assert.Single(await _h.RowsAsync());
    }

    [Fact]
    public async Task Save_BlankLeavesAndClearRemoves_OnlyWhatWasAsked()
    {
        await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(values: [(SlotKept, "96"), (FirstTimeFix, "88.5")]));

        var blank = await _h.ExecuteAsync(_h.Max, MeasureNames.Save, Save("first-time-fix=88.5;slot-kept=96", values: [(SlotKept, ""), (FirstTimeFix, ""), (CallbackWait, "12")]));
        var cleared = await _h.ExecuteAsync(_h.Max, MeasureNames.Save, Save("first-time-fix=88.5;slot-kept=96", values: [(SlotKept, ""), ("clear_" + FirstTimeFix, "true"), ("clear_" + SlotKept, "false")]));
        var both = await _h.ExecuteAsync(_h.Max, MeasureNames.Save, Save("slot-kept=96", values: [(SlotKept, "97"), ("clear_" + SlotKept, "true")]));
        var stored = await _h.Week49Async();

        Assert.Contains("Recorded for Harbourside Store, week 49 (30 Nov – 6 Dec): Call-back wait 12 minutes", Shown(blank.Value));
        Assert.Contains("Cleared for Harbourside Store, week 49 (30 Nov – 6 Dec): Installed right first time", Shown(cleared.Value));
        Assert.Contains("• \"Delivery slot kept\": give a figure or clear it, not both.", Shown(both.Value));
        Assert.Equal([CallbackWait, SlotKept], stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((96m, _h.Mia), (stored[SlotKept].Value, stored[SlotKept].RecordedById));
        Assert.Equal((12m, _h.Max, "Max Manager"), (stored[CallbackWait].Value, stored[CallbackWait].RecordedById, stored[CallbackWait].RecordedByName));
    }

    [Fact]
    public async Task FrontLine_TypedOrForged_RefusedClearlyAndNothingStored()
    {
        var typed = await _h.TypeAsync(_h.Fran, "record measures");
        var forged = await _h.ExecuteAsync(_h.Fran, MeasureNames.Save, Save(values: [(SlotKept, "96")]));
        var show = await _h.ExecuteAsync(_h.Fran, MeasureNames.Show, new JsonObject { ["teamId"] = Harbourside });

        Assert.Null(CardOf(typed));
        Assert.Equal(MeasureRoutes.ManagersOnly, (string?)typed["text"]);
        Assert.Equal((MessageType, MeasureRoutes.NotYourTeam), forged);
        Assert.Equal(MessageType, show.Type);
        Assert.Empty(await _h.RowsAsync());
    }

    [Fact]
    public async Task Save_OutOfRangeAndNotNumbers_EveryProblemAtOnceAndNothingStored()
    {
        var reply = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(values: [(SlotKept, "150"), (FirstTimeFix, "lots"), (CallbackWait, "-3")]));
        var comma = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(values: [(SlotKept, "96,5"), (FirstTimeFix, "90")]));
        var nothing = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(values: [(SlotKept, "")]));

        Assert.Equal(CardType, reply.Type);
        var shown = Shown(reply.Value);
        Assert.Equal("Nothing was saved. Please fix:", shown[0]);
        Assert.Equal(
            ["• \"Call-back wait\" must be a number from 0 to 1,000,000,000.", "• \"Delivery slot kept\" is a percentage: enter a number from 0 to 100.", "• \"Installed right first time\" needs a number, such as 96.5."],
            shown.Skip(1).Take(3));
        Assert.Equal("Weekly figures: Harbourside Store", shown[4]);
        // What was typed stays in the form where it is a number.
        Assert.Equal(150d, (double)Inputs(JsonNode.Parse(reply.Value)!)["m_slot-kept"]["value"]!);
        Assert.Equal("• \"Delivery slot kept\" needs a number written with a decimal point, such as 96.5.", Shown(comma.Value)[1]);
        Assert.Equal("• Enter at least one figure, or clear a recorded one.", Shown(nothing.Value)[1]);
        Assert.Empty(await _h.RowsAsync());
    }

    [Fact]
    public async Task Save_ForgedTeamWeekOrStandard_RefusedAndNothingStored()
    {
        var otherTenantsTeam = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(teamId: Rival, values: [(SlotKept, "96")]));
        var notHerTeam = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(teamId: Hilltop, values: [(SlotKept, "96")]));
        var future = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(week: "2026-W51", values: [(SlotKept, "96")]));
        var tooOld = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(week: "2026-W44", values: [(SlotKept, "96")]));
        var garbled = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(week: "49", values: [(SlotKept, "96")]));
        var otherKinds = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(values: [(SlotKept, "96"), (Greeting, "4"), (DamageFree, "99"), (Retired, "3"), ("no-such-thing", "1")]));

        Assert.Equal((MessageType, MeasureRoutes.NotYourTeam), otherTenantsTeam);
        Assert.Equal((MessageType, MeasureRoutes.NotYourTeam), notHerTeam);
        Assert.All(new[] { future, tooOld, garbled }, r => Assert.Equal((MessageType, MeasureRoutes.WeekOutOfReach), r));
        Assert.Equal(
            [
                "• \"Delivered without damage\" is asked in daily check-ins, so it is not recorded here.",
                "• \"Greeting\" is a soft standard: staff answer it in their check-ins, so it is not recorded here.",
                "• The card names a standard that does not exist any more.",
                "• \"Old count\" is not in force for Harbourside Store in week 49 (30 Nov – 6 Dec), so it is not recorded here.",
            ],
            Shown(otherKinds.Value).Skip(1).Take(4));
        Assert.Empty(await _h.RowsAsync());

        // The other tenant's own manager records there, and only there.
        var rival = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(teamId: Rival, values: [(SlotKept, "91")]), _h.Other);
        Assert.Contains("Recorded for Rival Store, week 49 (30 Nov – 6 Dec): Delivery slot kept 91 %", Shown(rival.Value));
        Assert.Equal(91m, (await _h.Results.GetWeekAsync(_h.Other.Tenant, Rival, Week49, default))[SlotKept].Value);
        Assert.Empty(await _h.Week49Async(Rival));
    }

    [Fact]
    public async Task Save_Redelivered_OneRecordAndTheSameConfirmation()
    {
        var activity = _h.T.Execute(_h.Mia, MeasureNames.Save, Save(values: [(SlotKept, "96"), (FirstTimeFix, "88.5")]));

        var first = await _h.AnswerAsync(activity);
        var recordedAt = _h.Clock.GetUtcNow();
        _h.Clock.Advance(TimeSpan.FromMinutes(3));
        var again = await _h.AnswerAsync(activity);
        var stored = await _h.Week49Async();

        Assert.Equal(first, again);
        Assert.Equal(Confirmation, Shown(again.Value)[1]);
        Assert.Single(await _h.RowsAsync());
        Assert.Equal(2, stored.Count);
        Assert.All(stored.Values, m => Assert.Equal(recordedAt, m.RecordedAt));
    }

    [Fact]
    public async Task Save_TwoManagersAtOnce_BothFiguresKeptAndAChangedFigureIsNeverOverwritten()
    {
        // All opened the empty form; each records a different figure, at the same moment, week after week.
        foreach (var week in new[] { "2026-W46", "2026-W47", "2026-W48", "2026-W50" })
        {
            var replies = await Task.WhenAll(
                _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(week: week, values: [(SlotKept, "96")])),
                _h.ExecuteAsync(_h.Max, MeasureNames.Save, Save(week: week, values: [(FirstTimeFix, "90.25")])),
                _h.ExecuteAsync(_h.Ada, MeasureNames.Save, Save(week: week, values: [(CallbackWait, "14")])));
            MeasureWeek.TryParse(week, out var monday);
            var stored = await _h.Results.GetWeekAsync(_h.T.Tenant, Harbourside, monday, default);

            Assert.All(replies, r => Assert.Equal(CardType, r.Type));
            Assert.Equal((96m, 90.25m, 14m), (stored[SlotKept].Value, stored[FirstTimeFix].Value, stored[CallbackWait].Value));
            Assert.Equal((_h.Mia, _h.Max, _h.Ada), (stored[SlotKept].RecordedById, stored[FirstTimeFix].RecordedById, stored[CallbackWait].RecordedById));
        }

        await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(values: [(SlotKept, "96")]));

        // Max's card still shows no slot figure: his 95 does not replace Mia's 96 unseen; he is told and sees the latest.
        var late = await _h.ExecuteAsync(_h.Max, MeasureNames.Save, Save(week: "2026-W49", values: [(SlotKept, "95"), (CallbackWait, "20")]));
        var shown = Shown(late.Value);

        Assert.Equal(CardType, late.Type);
        Assert.Equal("Mia Manager changed Delivery slot kept to 96 % while you were editing. Nothing was saved. Here are the latest figures: check them and press Save again.", shown[0]);
        var inputs = Inputs(JsonNode.Parse(late.Value)!);
        Assert.Equal(96d, (double)inputs["m_slot-kept"]["value"]!);
        Assert.Equal(20d, (double)inputs["m_callback-wait"]["value"]!); // his other figure is kept for him to send again
        var week49 = await _h.Week49Async();
        Assert.Equal([SlotKept], week49.Keys);
        Assert.Equal(96m, week49[SlotKept].Value);

        // Sent again from the redrawn card (which now carries what it showed), his figures are saved.
        var seen = (string)Descendants(JsonNode.Parse(late.Value)).First(o => (string?)o["verb"] == MeasureNames.Save)["data"]!["seen"]!;
        var retried = await _h.ExecuteAsync(_h.Max, MeasureNames.Save, Save(seen, values: [(SlotKept, "95"), (CallbackWait, "20")]));
        Assert.Contains("Recorded for Harbourside Store, week 49 (30 Nov – 6 Dec): Call-back wait 20 minutes, Delivery slot kept 95 %", Shown(retried.Value));
        var after = await _h.Week49Async();
        Assert.Equal((2, 95m, 20m), (after.Count, after[SlotKept].Value, after[CallbackWait].Value));
    }

    [Fact]
    public async Task Show_AdminPicksAnotherTeamAndWeek_ThatFormOrWhyThereIsNothingToRecord()
    {
        var first = CardOf(await _h.TypeAsync(_h.Ada, "record measures"))!;
        var hilltop = await _h.ExecuteAsync(_h.Ada, MeasureNames.Show, new JsonObject { ["teamId"] = Harbourside, [MeasureNames.PickTeam] = Hilltop, [MeasureNames.PickWeek] = "2026-W50" });
        var thisWeek = await _h.ExecuteAsync(_h.Ada, MeasureNames.Show, new JsonObject { ["teamId"] = Harbourside, [MeasureNames.PickWeek] = "2026-W50" });
        var notOffered = await _h.ExecuteAsync(_h.Ada, MeasureNames.Show, new JsonObject { ["teamId"] = Harbourside, [MeasureNames.PickWeek] = "2026-W45" });
        var noTeam = await _h.ExecuteAsync(_h.Mia, MeasureNames.Show, new JsonObject { ["teamId"] = Harbourside, [MeasureNames.PickTeam] = Hilltop });

        // Ada (an admin) may record for both teams: she picks the team too.
        Assert.Equal(["Harbourside Store", "Hilltop Store"], Inputs(first)["pickTeam"]["choices"]!.AsArray().Select(c => (string)c!["title"]!));
        Assert.Contains("Another team or week", VisibleText.Of(first));
        Assert.Equal(
            ["Weekly figures: Hilltop Store", "Week 50 (7 – 13 Dec)",
             "Hilltop Store has no figures to record by hand for week 50 (7 – 13 Dec): its hard standards are either asked in daily check-ins, or it has none in force. An admin can add a hard standard, or say how one is measured, in **setup**."],
            Shown(hilltop.Value).Take(3));
        Assert.DoesNotContain("Save", Shown(hilltop.Value));
        Assert.Equal(["Weekly figures: Harbourside Store", "Week 50 (7 – 13 Dec)"], Shown(thisWeek.Value).Take(2));
        Assert.Equal((MessageType, MeasureRoutes.PickAWeek), notOffered);
        Assert.Equal((MessageType, MeasureRoutes.NotYourTeamToShow), noTeam);
    }

    [Fact]
    public async Task Typed_InATeamsChannel_ThatTeamsForm()
    {
        var inChannel = CardOf(await _h.TypeInChannelAsync(_h.Ada, "record measures"))!;
        var personal = CardOf(await _h.TypeAsync(_h.Ada, "record measures"))!;
        var notHers = await _h.TypeInChannelAsync(_h.Mia, "weekly figures");

        Assert.Equal("Weekly figures: Hilltop Store", VisibleText.Of(inChannel)[0]);
        Assert.Equal("Weekly figures: Harbourside Store", VisibleText.Of(personal)[0]);
        Assert.Equal("Weekly figures: Harbourside Store", VisibleText.Of(CardOf(notHers)!)[0]); // Mia does not manage Hilltop: her own team
    }

    [Fact]
    public async Task Confirmation_ChangeTheseFigures_OpensThatWeekWithTheFiguresFilledIn()
    {
        var saved = await _h.ExecuteAsync(_h.Mia, MeasureNames.Save, Save(week: "2026-W48", values: [(CallbackWait, "1")]));
        var change = Descendants(JsonNode.Parse(saved.Value)).First(o => (string?)o["verb"] == MeasureNames.Show);

        var form = await _h.ExecuteAsync(_h.Mia, MeasureNames.Show, (JsonObject)change["data"]!.DeepClone());

        Assert.Contains("Recorded for Harbourside Store, week 48 (23 – 29 Nov): Call-back wait 1 minute", Shown(saved.Value));
        Assert.Equal(["Weekly figures: Harbourside Store", "Week 48 (23 – 29 Nov)"], Shown(form.Value).Take(2));
        Assert.Equal(1d, (double)Inputs(JsonNode.Parse(form.Value)!)["m_callback-wait"]["value"]!);
        Assert.Contains("Target: at most 30 minutes. Recorded: 1 minute by Mia Manager on Monday 7 December.", Shown(form.Value));
    }
}
