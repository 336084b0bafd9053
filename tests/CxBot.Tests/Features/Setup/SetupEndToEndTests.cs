using System.Net;
using System.Text.Json.Nodes;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Setup;

/// <summary>The setup flow through the real <c>/api/messages</c> endpoint, in local mode, with replies read from the fake connector.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SetupEndToEndTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task FreshInstall_AdminPicksJourneyTailorsStandardSetsUpTeamAndLeadership_AllStored()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var admin = Guid.NewGuid().ToString();
        var manager = Guid.NewGuid().ToString();
        var nextWeek = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd");

        await PostAsync(t.PersonalInstall(admin));
        Assert.Contains("first CxBot admin", Connector.Requests[^1].Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Start from a ready-made journey", await ReplyCardAsync(t.PersonalText(admin, "setup")), StringComparison.Ordinal);
        Assert.Contains("Delivery slot kept: at least 95 %", await InvokeCardAsync(t.Execute(admin, "setup.journey.pick", new JsonObject { ["journey"] = "delivery" })), StringComparison.Ordinal);
        Assert.Contains($"at least 95 %, 97 from {nextWeek}", await InvokeCardAsync(t.Execute(admin, "setup.standard.target", new JsonObject { ["standardId"] = "slot-kept", ["target"] = "97", ["effectiveFrom"] = nextWeek })), StringComparison.Ordinal);

        Assert.Contains("Home delivery (operations)", await InvokeCardAsync(t.Execute(admin, "setup.touchpoint.save", new JsonObject { ["editTouchpointId"] = "delivery", ["editName"] = "Home delivery" })), StringComparison.Ordinal);
        var added = await InvokeCardAsync(t.Execute(admin, "setup.standard.add", new JsonObject
        {
            ["touchpointId"] = "delivery", ["kind"] = "soft", ["standardName"] = "Driver was courteous", ["question"] = "How courteous was the driver?", ["staffQuestion"] = "How courteous were we on deliveries today?", ["standardTarget"] = "4.6",
        }));
        Assert.Contains("Driver was courteous: average at least 4.6 / 5", added, StringComparison.Ordinal);

        var install = t.TeamInstall(manager);
        await PostAsync(install);
        Assert.Contains("Save team setup", CardText(TeamCardReply(install)), StringComparison.Ordinal);
        var teamCard = await InvokeCardAsync(t.Execute(manager, "setup.team.save", new JsonObject { ["timeZone"] = "Europe/London", ["shiftEnd"] = "17:30", ["managers"] = manager, ["standards"] = "slot-kept,contact-captured" }, inChannel: true));
        Assert.Contains("saved", teamCard, StringComparison.Ordinal);

        Assert.Contains("Post scorecards here", await ReplyCardAsync(t.ChannelText(admin, "post scorecards here")), StringComparison.Ordinal);
        Assert.Contains("will be posted here", await InvokeCardAsync(t.Execute(admin, "setup.leadership.save", new JsonObject { ["allTeams"] = "false", ["teams"] = t.TeamId }, inChannel: true)), StringComparison.Ordinal);

        var setup = await App.Services.GetRequiredService<SetupService>().GetAsync(t.Tenant, default);
        Assert.Equal([admin], setup.Organisation!.Admins);
        Assert.Equal(("Home delivery", "delivery"), (setup.Journey[1].Name, setup.FindStandard("driver-was-courteous")!.TouchpointId));
        Assert.Equal(("How courteous was the driver?", "How courteous were we on deliveries today?"), (setup.FindStandard("driver-was-courteous")!.Question, setup.FindStandard("driver-was-courteous")!.StaffQuestion));
        Assert.Equal(97, setup.FindStandard("slot-kept")!.TargetOn(DateOnly.Parse(nextWeek, System.Globalization.CultureInfo.InvariantCulture)));
        var team = Assert.Single(setup.Teams);
        Assert.Equal((t.TeamId, new TimeOnly(17, 30)), (team.Id, team.ShiftEnd));
        Assert.Equal([manager], team.Managers);
        Assert.Equal(["slot-kept", "contact-captured"], team.Standards);
        var leadership = Assert.Single(setup.Leadership);
        Assert.Equal((t.TeamId, false), (leadership.ChannelId, leadership.AllTeams));
        Assert.Equal([t.TeamId], leadership.Teams);
    }

    [Fact]
    public async Task OrganisationForm_EverythingWrong_EveryProblemAtOnceWhatWasTypedKeptNothingStored_ThenSavedFromTheLists()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var admin = Guid.NewGuid().ToString();
        var frontLine = Guid.NewGuid().ToString();
        await PostAsync(t.PersonalInstall(admin));
        var service = App.Services.GetRequiredService<SetupService>();
        var before = SetupRows.ToRows(await service.GetAsync(t.Tenant, default));
        var longName = "Northwind Home " + new string('x', 100);

        var opened = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, SetupNames.ShowOrganisation, [])))!;
        var refused = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, SetupNames.SaveOrganisation, new JsonObject { ["name"] = longName, ["timeZone"] = "Mars/Olympus", ["currency"] = "XYZ" })))!;
        var noName = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, SetupNames.SaveOrganisation, new JsonObject { ["timeZone"] = "Europe/Paris", ["currency"] = "EUR" })))!;
        var notAdmin = await InvokeMessageAsync(t.Execute(frontLine, SetupNames.SaveOrganisation, new JsonObject { ["name"] = "", ["timeZone"] = "Mars/Olympus" }));
        var unchanged = SetupRows.ToRows(await service.GetAsync(t.Tenant, default));
        var saved = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, SetupNames.SaveOrganisation, new JsonObject { ["name"] = "Northwind Home", ["timeZone"] = "Europe/Paris", ["currency"] = "EUR" })))!;

        Assert.Equal(("filtered", "filtered"), ((string)Input(opened, "timeZone")["style"]!, (string)Input(opened, "currency")["style"]!));
        var size = System.Text.Encoding.UTF8.GetByteCount(opened.ToJsonString());
        Assert.True(size < 60_000, $"the organisation card with both lists is {size} bytes; a Teams message must stay under 80 KB");
        Assert.Contains(Input(opened, "timeZone")["choices"]!.AsArray(), c => (string)c!["title"]! == "(UTC+01:00) Europe/Paris" && (string)c["value"]! == "Europe/Paris");
        Assert.Contains(Input(opened, "currency")["choices"]!.AsArray(), c => (string)c!["title"]! == "EUR – Euro" && (string)c["value"]! == "EUR");
        Assert.Contains(
            "Nothing was saved. Please fix:\n• Keep the organisation's name to at most 100 characters.\n• Pick a time zone from the list.\n• Pick a currency from the list.",
            ShownText.Of(refused),
            StringComparison.Ordinal);
        Assert.Equal((longName, "", ""), ((string)Input(refused, "name")["value"]!, (string)Input(refused, "timeZone")["value"]!, (string)Input(refused, "currency")["value"]!));
        Assert.Contains("Nothing was saved. Please fix:\n• Give the organisation a name.", ShownText.Of(noName), StringComparison.Ordinal);
        Assert.DoesNotContain("• Pick a", ShownText.Of(noName), StringComparison.Ordinal);
        Assert.Equal(("Europe/Paris", "EUR"), ((string)Input(noName, "timeZone")["value"]!, (string)Input(noName, "currency")["value"]!));
        Assert.Equal(Change.NotAdmin, notAdmin);
        Assert.Equal(before, unchanged);
        Assert.Contains("Organisation saved.", ShownText.Of(saved), StringComparison.Ordinal);
        Assert.DoesNotContain("Please fix", ShownText.Of(saved), StringComparison.Ordinal);
        ShownText.AssertReadable(ShownText.Of(refused));
        var org = (await service.GetAsync(t.Tenant, default)).Organisation!;
        Assert.Equal(("Northwind Home", "Europe/Paris", "EUR"), (org.Name, org.TimeZone, org.Currency));
    }

    [Fact]
    public async Task StandardForm_EverythingWrong_EveryProblemAtOnceWhatWasTypedKeptNothingStored()
    {
        var (t, admin, service, before) = await DeliveryJourneyAsync();

        var soft = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, SetupNames.AddStandard, new JsonObject
        {
            ["touchpointId"] = "delivery", ["kind"] = "soft", ["standardName"] = "Driver was courteous", ["standardTarget"] = "6",
        })))!;
        var hard = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, SetupNames.AddStandard, new JsonObject
        {
            ["touchpointId"] = "nowhere", ["kind"] = "hard", ["unit"] = "%", ["standardTarget"] = "150", ["touchpointName"] = "Returns desk",
        })))!;
        var touchpoint = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, SetupNames.AddTouchpoint, new JsonObject { ["description"] = "Where returns are taken.", ["owner"] = "legal" })))!;

        Assert.Contains(
            "Nothing was saved. Please fix:\n• Give the question people answer for a soft standard.\n• A soft standard's target is an average from 1 to 5.",
            ShownText.Of(soft),
            StringComparison.Ordinal);
        Assert.Equal(("delivery", "soft", "Driver was courteous"), ((string)Input(soft, "touchpointId")["value"]!, (string)Input(soft, "kind")["value"]!, (string)Input(soft, "standardName")["value"]!));
        Assert.Equal(6, (double)Input(soft, "standardTarget")["value"]!);
        Assert.Contains(
            "Nothing was saved. Please fix:\n• Pick the touchpoint the standard belongs to.\n• Give the standard a name (the promise, such as Delivery slot kept).\n• Say what is measured for a hard standard.\n• A percentage target is from 0 to 100.",
            ShownText.Of(hard),
            StringComparison.Ordinal);
        Assert.Equal(("%", "Returns desk"), ((string)Input(hard, "unit")["value"]!, (string)Input(hard, "touchpointName")["value"]!));
        Assert.Contains("Nothing was saved. Please fix:\n• Give the touchpoint a name.\n• Pick the owner function from the list.", ShownText.Of(touchpoint), StringComparison.Ordinal);
        Assert.Equal("Where returns are taken.", (string)Input(touchpoint, "description")["value"]!);
        ShownText.AssertReadable(ShownText.Of(hard));
        Assert.Equal(before, SetupRows.ToRows(await service.GetAsync(t.Tenant, default)));
    }

    [Fact]
    public async Task ChangeTarget_WrongTargetAndPastDate_BothProblemsAtOnceWhatWasSentKeptNothingStored()
    {
        var (t, admin, service, before) = await DeliveryJourneyAsync();
        var soft = (await service.GetAsync(t.Tenant, default)).Standards.First(s => s.Kind == StandardKind.Soft);

        var refused = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, "setup.standard.target", new JsonObject { ["standardId"] = soft.Id, ["target"] = "7", ["effectiveFrom"] = "2020-01-06" })))!;
        var nothingPicked = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, "setup.standard.target", new JsonObject { ["target"] = "97" })))!;
        var again = JsonNode.Parse(await InvokeCardAsync(t.Execute(admin, "setup.journey.pick", new JsonObject { ["journey"] = "retail" })))!;

        Assert.Contains(
            "Nothing was saved. Please fix:\n• A soft standard's target is an average from 1 to 5.\n• " + JourneyChanges.PastTarget,
            ShownText.Of(refused),
            StringComparison.Ordinal);
        Assert.Equal((soft.Id, 7.0, "2020-01-06"), ((string)Find(refused, "standardId")["value"]!, (double)Find(refused, "target")["value"]!, (string)Find(refused, "effectiveFrom")["value"]!));
        Assert.Contains("Nothing was saved. Please fix:\n• Pick the standard to change.", ShownText.Of(nothingPicked), StringComparison.Ordinal);
        Assert.Contains("• Your organisation already has a journey", ShownText.Of(again), StringComparison.Ordinal);
        ShownText.AssertReadable(ShownText.Of(refused));
        Assert.Equal(before, SetupRows.ToRows(await service.GetAsync(t.Tenant, default)));
    }

    [Fact]
    public async Task FrontLineUser_SetupCommandAndCraftedInvokes_RefusedAndNothingChanged()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var admin = Guid.NewGuid().ToString();
        var frontLine = Guid.NewGuid().ToString();
        await PostAsync(t.PersonalInstall(admin));
        await InvokeCardAsync(t.Execute(admin, "setup.journey.pick", new JsonObject { ["journey"] = "retail" }));
        await PostAsync(t.TeamInstall(admin));
        var store = App.Services.GetRequiredService<SetupService>();
        var before = SetupRows.ToRows(await store.GetAsync(t.Tenant, default));

        await PostAsync(t.PersonalText(frontLine, "setup"));
        Assert.StartsWith("Only a CxBot admin", Connector.Requests[^1].Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        string[] refusals =
        [
            await InvokeMessageAsync(t.Execute(frontLine, "setup.standard.target", new JsonObject { ["standardId"] = "queue-time", ["target"] = "1", ["effectiveFrom"] = "2099-01-01" })),
            await InvokeMessageAsync(t.Execute(frontLine, "setup.standard.retire", new JsonObject { ["standardId"] = "queue-time" })),
            await InvokeMessageAsync(t.Execute(frontLine, "setup.admin.add", new JsonObject { ["adminId"] = frontLine })),
            await InvokeMessageAsync(t.Execute(frontLine, "setup.team.save", new JsonObject { ["timeZone"] = "UTC", ["shiftEnd"] = "09:00", ["managers"] = frontLine }, inChannel: true)),
            await InvokeMessageAsync(t.Execute(frontLine, "setup.leadership.save", new JsonObject { ["allTeams"] = "true" }, inChannel: true)),
        ];

        Assert.All(refusals, r => Assert.StartsWith("Only", r, StringComparison.Ordinal));
        Assert.Equal(before, SetupRows.ToRows(await store.GetAsync(t.Tenant, default)));
    }

    [Fact]
    public async Task OtherTenant_SameIdsInCraftedActivities_NeverSeesOrChangesFirstTenant()
    {
        var a = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var b = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var adminA = Guid.NewGuid().ToString();
        var adminB = Guid.NewGuid().ToString();
        await PostAsync(a.PersonalInstall(adminA));
        await InvokeCardAsync(a.Execute(adminA, "setup.journey.pick", new JsonObject { ["journey"] = "delivery" }));
        await PostAsync(a.TeamInstall(adminA));
        var store = App.Services.GetRequiredService<SetupService>();
        var aBefore = SetupRows.ToRows(await store.GetAsync(a.Tenant, default));

        // Tenant A's admin, acting from tenant B: not an admin there.
        var crossed = await InvokeMessageAsync(b.Execute(adminA, "setup.standard.retire", new JsonObject { ["standardId"] = "slot-kept" }));
        await PostAsync(b.PersonalInstall(adminB));
        var homeB = await ReplyCardAsync(b.PersonalText(adminB, "setup"));
        var teamB = await InvokeMessageAsync(b.Execute(adminB, "setup.team.save", new JsonObject { ["teamId"] = a.TeamId, ["timeZone"] = "UTC", ["shiftEnd"] = "09:00", ["managers"] = adminB }));

        Assert.StartsWith("Only a CxBot admin", crossed, StringComparison.Ordinal);
        Assert.Contains("Start from a ready-made journey", homeB, StringComparison.Ordinal);
        Assert.DoesNotContain("Delivery slot kept", homeB, StringComparison.Ordinal);
        Assert.Equal("That team is not set up.", teamB);
        Assert.Equal(aBefore, SetupRows.ToRows(await store.GetAsync(a.Tenant, default)));
        Assert.Equal([adminB], (await store.GetAsync(b.Tenant, default)).Organisation!.Admins);
    }

    [Fact]
    public async Task MemberAddedToSetUpTeam_JoinsAsFrontLine_CannotChangeOrOpenTheTeamCardButItsManagerCan()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var manager = Guid.NewGuid().ToString();
        var joiner = Guid.NewGuid().ToString();
        await PostAsync(t.TeamInstall(manager));

        await PostAsync(t.MemberAdded(manager, joiner));
        var refusal = await InvokeMessageAsync(t.Execute(joiner, "setup.team.save", new JsonObject { ["timeZone"] = "UTC", ["shiftEnd"] = "09:00", ["managers"] = joiner }, inChannel: true));

        await PostAsync(t.ChannelText(joiner, "setup"));
        var joinerAsks = Connector.Requests[^1].Json!["text"]!.GetValue<string>();
        var managerAsks = await ReplyCardAsync(t.ChannelText(manager, "setup"));

        var team = Assert.Single((await App.Services.GetRequiredService<SetupService>().GetAsync(t.Tenant, default)).Teams);
        Assert.Equal([(manager, TeamRole.Manager), (joiner, TeamRole.FrontLine)], team.Members.Select(m => (m.UserId, m.Role)));
        Assert.Equal(Change.NotManager, refusal);
        Assert.Equal(Change.NotManager, joinerAsks);
        Assert.Contains("Save team setup", managerAsks, StringComparison.Ordinal);
    }

    /// <summary>A new tenant whose admin picked the delivery starter journey, and its setup rows as they are then.</summary>
    private async Task<(SetupActivities T, string Admin, SetupService Service, Dictionary<string, string> Before)> DeliveryJourneyAsync()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var admin = Guid.NewGuid().ToString();
        await PostAsync(t.PersonalInstall(admin));
        await InvokeCardAsync(t.Execute(admin, "setup.journey.pick", new JsonObject { ["journey"] = "delivery" }));
        var service = App.Services.GetRequiredService<SetupService>();
        return (t, admin, service, SetupRows.ToRows(await service.GetAsync(t.Tenant, default)));
    }

    private async Task PostAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> ReplyCardAsync(JsonObject activity)
    {
        await PostAsync(activity);
        return CardText(Connector.ReplyTo(activity));
    }

    private async Task<JsonNode> InvokeAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body;
    }

    private async Task<string> InvokeCardAsync(JsonObject activity)
    {
        var body = await InvokeAsync(activity);
        Assert.True(body["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive", body.ToJsonString());
        return body["value"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private async Task<string> InvokeMessageAsync(JsonObject activity)
    {
        var body = await InvokeAsync(activity);
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        return body["value"]!.GetValue<string>();
    }

    /// <summary>The input <paramref name="id"/> anywhere in the card.</summary>
    private static JsonNode Find(JsonNode? node, string id) => FindAll(node, id).Single();

    private static IEnumerable<JsonNode> FindAll(JsonNode? node, string id) => node switch
    {
        JsonObject o when (string?)o["id"] == id => [o],
        JsonObject o => o.SelectMany(p => FindAll(p.Value, id)),
        JsonArray a => a.SelectMany(e => FindAll(e, id)),
        _ => [],
    };

    private static JsonNode Input(JsonNode card, string id) => card["body"]!.AsArray().Single(e => (string?)e!["id"] == id)!;

    /// <summary>A team install is answered twice (welcome and setup); the setup card is the reply with the team save verb.</summary>
    private RecordedRequest TeamCardReply(JsonObject install) =>
        Connector.Requests.Single(r => r.Json is JsonObject body && body["replyToId"]?.GetValue<string>() == install["id"]!.GetValue<string>() && r.Body.Contains(SetupNames.SaveTeam, StringComparison.Ordinal));

    private static string CardText(RecordedRequest request) =>
        request.Json!["attachments"]![0]!["content"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
