using System.Net;
using System.Text.Json.Nodes;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Setup;

/// <summary>
/// People on the setup cards, through the real <c>/api/messages</c>: shown and picked by name, never by id; a picked id that is
/// nobody in the tenant is refused and nothing is stored. Names arrive as in production: activities, a team roster, the people record.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SetupNamesTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private readonly string _tom = Guid.NewGuid().ToString();
    private readonly string _dee = Guid.NewGuid().ToString();
    private readonly string _sam = Guid.NewGuid().ToString();
    private JsonObject? _lastInstall;

    [Fact]
    public async Task TeamCard_InstallOpenAndSave_ManagersAndRosterByNameAndPickerSearchesTheOrganisation()
    {
        var t = await InstalledTeamAsync();
        // A team install is answered twice (welcome and setup); the setup card is the reply with the team save verb.
        var install = Connector.Requests.Single(r => r.Json is JsonObject body && body["replyToId"]?.GetValue<string>() == _lastInstall!["id"]!.GetValue<string>() && r.Body.Contains(SetupNames.SaveTeam, StringComparison.Ordinal))
            .Json!["attachments"]![0]!["content"]!;

        var opened = await ReplyCardAsync(Named(t.ChannelText(_tom, "setup"), "Tom Okafor"));
        var saved = await InvokeCardAsync(Named(t.Execute(_tom, SetupNames.SaveTeam, new JsonObject { ["timeZone"] = "Europe/London", ["shiftEnd"] = "17:30", ["managers"] = $"{_tom},{_dee.ToUpperInvariant()}" }, inChannel: true), "Tom Okafor"));

        var installText = ShownText.Of(install);
        Assert.Contains("Managers now: Tom Okafor", installText, StringComparison.Ordinal);
        ShownText.AssertReadable(installText);
        var openedText = ShownText.Of(opened);
        Assert.Contains("Managers now: Tom Okafor", openedText, StringComparison.Ordinal);
        ShownText.AssertReadable(openedText);
        var picker = Picker(opened, "managers");
        Assert.Equal((true, "filtered", "Data.Query", "graph.microsoft.com/users"), ((bool)picker["isMultiSelect"]!, (string)picker["style"]!, (string)picker["choices.data"]!["type"]!, (string)picker["choices.data"]!["dataset"]!));
        Assert.Equal(["Dee Driver", "Sam Patel", "Tom Okafor"], picker["choices"]!.AsArray().Select(c => (string)c!["title"]!));
        Assert.Equal(_tom, (string)picker["value"]!);

        var savedText = ShownText.Of(saved);
        Assert.Contains("Managers now: Dee Driver and Tom Okafor", savedText, StringComparison.Ordinal);
        ShownText.AssertReadable(savedText);
        var team = Assert.Single((await Service.GetAsync(t.Tenant, default)).Teams);
        Assert.Equal([_tom, _dee], team.Managers);
        Assert.Equal("Dee Driver", team.Members.Single(m => m.UserId == _dee).Name);
    }

    [Fact]
    public async Task SaveTeam_TypoInAManagerIdOrNoIdAtAll_CardShowsTheReasonKeepsWhatWasSentAndNothingStored()
    {
        var t = await InstalledTeamAsync();
        var before = SetupRows.ToRows(await Service.GetAsync(t.Tenant, default));
        var typo = _dee[..^1] + (_dee[^1] == '0' ? '1' : '0');

        JsonNode[] answers =
        [
            await InvokeCardAsync(Save(t, $"{_tom},{typo}")),
            await InvokeCardAsync(Save(t, $"{_dee},Dee Driver")),
            await InvokeCardAsync(Save(t, _tom, newManager: typo)),
        ];

        var tooMany = await InvokeCardAsync(Save(t, string.Join(',', Enumerable.Range(0, SetupPeople.MaxPicked + 1).Select(_ => Guid.NewGuid()))));

        Assert.All(answers, a => Assert.Equal(["Nothing was saved. Please fix:", "• " + SetupPeople.NotFound], ProblemLines(a)));
        Assert.All(answers, a => Assert.Equal(("UTC", "09:00"), ((string)Input(a, "timeZone")["value"]!, (string)Input(a, "shiftEnd")["value"]!)));
        Assert.Equal("I couldn't find that person in your organisation; pick them from the list.", SetupPeople.NotFound);
        Assert.Equal(["Nothing was saved. Please fix:", $"• Pick at most {SetupPeople.MaxPicked} managers."], ProblemLines(tooMany));
        Assert.All([.. answers, tooMany], a => ShownText.AssertReadable(ShownText.Of(a)));
        Assert.Equal(before, SetupRows.ToRows(await Service.GetAsync(t.Tenant, default)));
    }

    [Fact]
    public async Task SaveTeam_EverythingWrongOrNotAManager_EveryProblemAtOnceOrOnlyTheRoleAndNothingStored()
    {
        var t = await InstalledTeamAsync();
        var before = SetupRows.ToRows(await Service.GetAsync(t.Tenant, default));
        var data = new JsonObject { ["timeZone"] = "Mars/Olympus", ["shiftEnd"] = "late", ["managers"] = "", ["standards"] = "no-such-standard" };

        var card = await InvokeCardAsync(Named(t.Execute(_tom, SetupNames.SaveTeam, data, inChannel: true), "Tom Okafor"));
        var notManager = await InvokeMessageAsync(Named(t.Execute(_dee, SetupNames.SaveTeam, new JsonObject { ["timeZone"] = "Mars/Olympus", ["managers"] = _dee }, inChannel: true), "Dee Driver"));
        var zoneOnly = await InvokeCardAsync(Named(t.Execute(_tom, SetupNames.SaveTeam, new JsonObject { ["timeZone"] = "Europe/Atlantis", ["shiftEnd"] = "17:30", ["managers"] = _tom }, inChannel: true), "Tom Okafor"));

        Assert.Equal(
            ["Nothing was saved. Please fix:", "• " + SetupChoices.PickTimeZone, "• Give the time the shift ends, such as 18:00.", "• " + TeamChanges.NoManager, "• Pick the standards from the list."],
            ProblemLines(card));
        Assert.Equal(Change.NotManager, notManager);
        Assert.Equal(["Nothing was saved. Please fix:", "• " + SetupChoices.PickTimeZone], ProblemLines(zoneOnly));
        Assert.Equal(("17:30", _tom), ((string)Input(zoneOnly, "shiftEnd")["value"]!, (string)Input(zoneOnly, "managers")["value"]!));
        Assert.Contains(Input(zoneOnly, "timeZone")["choices"]!.AsArray(), c => (string)c!["title"]! == "(UTC+01:00) Europe/Paris");
        Assert.Equal(before, SetupRows.ToRows(await Service.GetAsync(t.Tenant, default)));
    }

    [Theory]
    [InlineData("\u202Enot-a-person")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("29:someone-else")]
    [InlineData("Dee\u0000Driver")]
    public async Task SaveTeam_ManagerValueThatIsNoPersonOfTheTenant_RefusedAndNothingStored(string value)
    {
        var t = await InstalledTeamAsync();
        var before = SetupRows.ToRows(await Service.GetAsync(t.Tenant, default));

        // Each refusal draws the team card again with what was sent and the problem.
        foreach (var save in new[] { Save(t, $"{_tom},{value}"), Save(t, _tom, newManager: value), Save(t, value) })
        {
            var shown = ShownText.Of(await InvokeCardAsync(save));
            Assert.Contains("Nothing was saved. Please fix:", shown, StringComparison.Ordinal);
            Assert.Contains(SetupPeople.NotFound, shown, StringComparison.Ordinal);
        }

        Assert.Equal(before, SetupRows.ToRows(await Service.GetAsync(t.Tenant, default)));
    }

    [Fact]
    public async Task SaveTeam_PickedByTeamsUserIdAsLocalClientsSend_StoredByObjectIdFromTheRoster()
    {
        var t = await InstalledTeamAsync();

        var saved = ShownText.Of(await InvokeCardAsync(Save(t, $"{_tom},29:sam")));

        Assert.Contains("Managers now: Sam Patel and Tom Okafor", saved, StringComparison.Ordinal);
        Assert.Equal([_tom, _sam], Assert.Single((await Service.GetAsync(t.Tenant, default)).Teams).Managers);
    }

    [Fact]
    public async Task Admins_AddedAndRemovedByNameAndAnUnknownIdRefusedWithNothingStored()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        await PostAsync(Named(t.PersonalInstall(_tom), "Tom Okafor"));
        await People.UpsertAsync(t.Tenant, [new PersonFacts(_dee, "Dee Driver", "dee@contoso.example", null, null, null, PersonSources.Graph)], default);

        var shown = ShownText.Of(await InvokeCardAsync(Admin(t, SetupNames.ShowOrganisation, new JsonObject())));
        var added = ShownText.Of(await InvokeCardAsync(Admin(t, SetupNames.AddAdmin, new JsonObject { ["adminId"] = _dee.ToUpperInvariant() })));
        var before = SetupRows.ToRows(await Service.GetAsync(t.Tenant, default));
        var unknown = await InvokeMessageAsync(Admin(t, SetupNames.AddAdmin, new JsonObject { ["adminId"] = Guid.NewGuid().ToString() }));
        var unchanged = SetupRows.ToRows(await Service.GetAsync(t.Tenant, default));
        var home = ShownText.Of(await ReplyCardAsync(Named(t.PersonalText(_tom, "setup"), "Tom Okafor")));
        var removed = ShownText.Of(await InvokeCardAsync(Admin(t, SetupNames.RemoveAdmin, new JsonObject { ["removeAdminId"] = _dee })));

        Assert.Contains("• Tom Okafor", shown, StringComparison.Ordinal);
        Assert.Contains("Add an admin", shown, StringComparison.Ordinal);
        Assert.Contains("Dee Driver is now an admin.", added, StringComparison.Ordinal);
        Assert.Contains("• Dee Driver", added, StringComparison.Ordinal);
        Assert.Equal(SetupPeople.NotFound, unknown);
        Assert.Equal(before, unchanged);
        Assert.Contains("Dee Driver and Tom Okafor", home, StringComparison.Ordinal);
        Assert.Contains("Removed Dee Driver from the admins.", removed, StringComparison.Ordinal);
        Assert.DoesNotContain("• Dee Driver", removed, StringComparison.Ordinal);
        Assert.All(new[] { shown, added, home, removed }, s => ShownText.AssertReadable(s));
        Assert.Equal([_tom], (await Service.GetAsync(t.Tenant, default)).Organisation!.Admins);
    }

    [Fact]
    public async Task HomeAndOrganisationCards_ManagerCxBotCannotName_SaySoWithoutTheirId()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        await PostAsync(Named(t.PersonalInstall(_tom), "Tom Okafor"));
        var ghost = new Caller(t.Tenant, Guid.NewGuid().ToString(), null);
        await Service.ApplyAsync(ghost, "team.ensure", (s, _) => TeamChanges.EnsureTeam(s, ghost, "19:imported@thread.tacv2", "Store 7"), default);

        var home = ShownText.Of(await ReplyCardAsync(Named(t.PersonalText(_tom, "setup"), "Tom Okafor")));
        var organisation = ShownText.Of(await InvokeCardAsync(Admin(t, SetupNames.ShowOrganisation, new JsonObject())));

        Assert.Contains("Store 7", home, StringComparison.Ordinal);
        Assert.Contains($"managed by {NameBook.NotKnownYet}", home, StringComparison.Ordinal);
        Assert.Contains("Tom Okafor", home, StringComparison.Ordinal);
        Assert.Contains(NameBook.NotKnownYet, organisation, StringComparison.Ordinal);
        ShownText.AssertReadable(home, unnamedExpected: true);
        ShownText.AssertReadable(organisation, unnamedExpected: true);
    }

    private SetupService Service => App.Services.GetRequiredService<SetupService>();

    private PersonStore People => App.Services.GetRequiredService<PersonStore>();

    /// <summary>Tom installs CxBot in a team whose Teams roster is Tom (owner), Dee and Sam.</summary>
    private async Task<SetupActivities> InstalledTeamAsync()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        Connector.SetRoster(t.TeamId, [FakeConnector.Member("29:tom", _tom, "Tom Okafor", "owner"), FakeConnector.Member("29:dee", _dee, "Dee Driver"), FakeConnector.Member("29:sam", _sam, "Sam Patel")], pageSize: 50);
        _lastInstall = Named(t.TeamInstall(_tom), "Tom Okafor");
        await PostAsync(_lastInstall);
        return t;
    }

    private JsonObject Save(SetupActivities t, string managers, string? newManager = null)
    {
        var data = new JsonObject { ["timeZone"] = "UTC", ["shiftEnd"] = "09:00", ["managers"] = managers };
        if (newManager is not null)
        {
            data["newManager"] = newManager;
        }

        return Named(t.Execute(_tom, SetupNames.SaveTeam, data, inChannel: true), "Tom Okafor");
    }

    private JsonObject Admin(SetupActivities t, string verb, JsonObject data) => Named(t.Execute(_tom, verb, data), "Tom Okafor");

    private static JsonObject Named(JsonObject activity, string name)
    {
        activity["from"]!["name"] = name;
        return activity;
    }

    private static JsonObject Picker(JsonNode card, string id) =>
        Descendants(card).Single(o => (string?)o["id"] == id);

    private static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Descendants(p.Value))),
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    private async Task PostAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonNode> ReplyCardAsync(JsonObject activity)
    {
        await PostAsync(activity);
        return Connector.ReplyTo(activity).Json!["attachments"]![0]!["content"]!;
    }

    private async Task<JsonNode> InvokeAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body;
    }

    /// <summary>The lines of the card's list of problems (its heading first), as a person reads them.</summary>
    private static List<string> ProblemLines(JsonNode card) =>
        [.. card["body"]!.AsArray().Where(e => (string?)e!["style"] == "attention").SelectMany(e => e!["items"]!.AsArray()).Select(i => (string)i!["text"]!)];

    private static JsonNode Input(JsonNode card, string id) => card["body"]!.AsArray().Single(e => (string?)e!["id"] == id)!;

    private async Task<JsonNode> InvokeCardAsync(JsonObject activity)
    {
        var body = await InvokeAsync(activity);
        Assert.True(body["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive", body.ToJsonString());
        return body["value"]!;
    }

    private async Task<string> InvokeMessageAsync(JsonObject activity)
    {
        var body = await InvokeAsync(activity);
        Assert.True(body["type"]!.GetValue<string>() == "application/vnd.microsoft.activity.message", body.ToJsonString());
        return body["value"]!.GetValue<string>();
    }
}
