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

    /// <summary>A team install is answered twice (welcome and setup); the setup card is the reply with the team save verb.</summary>
    private RecordedRequest TeamCardReply(JsonObject install) =>
        Connector.Requests.Single(r => r.Json is JsonObject body && body["replyToId"]?.GetValue<string>() == install["id"]!.GetValue<string>() && r.Body.Contains(SetupNames.SaveTeam, StringComparison.Ordinal));

    private static string CardText(RecordedRequest request) =>
        request.Json!["attachments"]![0]!["content"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
