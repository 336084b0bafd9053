using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Features.People;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Incidents;

/// <summary>
/// Who gets an incident and what the reporter is told, as people read it: names, never ids; "has it" only once the card
/// was delivered; the team's other managers, then admins, when the routed manager cannot be reached.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IncidentDeliveryTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task Submit_ManagerReachable_ManagerCardNamesEveryoneAndTheReporterIsToldWhoHasIt()
    {
        var f = await new IncidentFlow(App, Connector).Named().SetUpAsync();

        var confirmation = await f.InvokeAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, Plain(f, "named")));
        var reference = Reference().Match(confirmation.ToJsonString()).Value;
        var managerCard = await f.WaitForAsync("POST", "\"Acknowledge\"");
        var told = await f.WaitForAsync("PUT", "Mona Manager has it");

        // Until the card reached the manager, the reporter is promised nothing about who has it.
        Assert.Contains("Sending it to your manager now", string.Join('\n', VisibleText.Of(confirmation)), StringComparison.Ordinal);
        Assert.DoesNotContain("Mona Manager has it", string.Join('\n', VisibleText.Of(confirmation)), StringComparison.Ordinal);
        var card = string.Join('\n', VisibleText.Of(managerCard.Json));
        Assert.Contains("Rita Reporter", card, StringComparison.Ordinal);
        Assert.Contains("logged by Rita Reporter", card, StringComparison.Ordinal);
        Assert.Contains("Cole Colleague", card, StringComparison.Ordinal); // the assign list, by name
        // The phone's notification line: who, what, where, and by when (in the team's time zone).
        Assert.Matches(@"^Rita Reporter logged a High incident at Store 42 – Leeds: please acknowledge by (\d\d:\d\d|\w{3} \d{1,2} \w{3} \d\d:\d\d)$", managerCard.Json!["summary"]!.GetValue<string>());
        Assert.Contains("Sent to\nMona Manager", string.Join('\n', VisibleText.Of(told.Json)), StringComparison.Ordinal);
        Assert.Empty(VisibleText.Problems(confirmation));
        Assert.Empty(VisibleText.Problems(managerCard.Json));
        Assert.Empty(VisibleText.Problems(told.Json));
    }

    [Fact]
    public async Task Submit_RoutedManagerUnreachable_AdminGetsItAndTheReporterIsToldPlainly()
    {
        // The manager never opened the bot, and no roster can reach them (the fake serves none): the admin is next.
        var f = new IncidentFlow(App, Connector).Named();
        await f.NeverOpensTheBot(f.Manager).SetUpAsync();

        await f.InvokeAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, Plain(f, "fallback")));
        var adminCard = await f.WaitForAsync("POST", "\"Acknowledge\"");
        var told = await f.WaitForAsync("PUT", "Ada Admin has it");

        var store = App.Services.GetRequiredService<IncidentStore>();
        var stored = Assert.Single(await store.OpenAsync(f.T.Tenant, default));
        var incident = (await store.FindAsync(f.T.Tenant, stored.Reference, default))!.Incident;
        Assert.Contains(f.Admin, incident.Approvers); // the admin may triage what reached them
        Assert.Contains(incident.Cards, c => c.UserId == f.Admin);
        Assert.DoesNotContain(incident.Cards, c => c.UserId == f.Manager);
        Assert.Empty(VisibleText.Problems(adminCard.Json));
        Assert.Empty(VisibleText.Problems(told.Json));
    }

    [Fact]
    public async Task Submit_RoutedManagerUnreachable_ConfiguredAdminGetsIt()
    {
        // With Admin:UserIds set nobody claims the tenant, so its organisation stores no admin: the configured one is next.
        var admin = Guid.NewGuid().ToString();
        await using var app = BotApp.Local(Azurite.Server, ("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Admin:UserIds:0", admin));
        var f = new IncidentFlow(app, Connector) { Admin = admin }.Named();
        await f.NeverOpensTheBot(f.Manager).SetUpAsync();

        await f.InvokeAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, Plain(f, "configured")));
        var adminCard = await f.WaitForAsync("POST", "\"Acknowledge\"");
        await f.WaitForAsync("PUT", "Ada Admin has it");

        var setup = await app.Services.GetRequiredService<CxBot.Features.Setup.SetupService>().GetAsync(f.T.Tenant, default);
        Assert.Empty(setup.Organisation?.Admins ?? []);
        var store = app.Services.GetRequiredService<IncidentStore>();
        var stored = Assert.Single(await store.OpenAsync(f.T.Tenant, default));
        Assert.Contains((await store.FindAsync(f.T.Tenant, stored.Reference, default))!.Incident.Cards, c => c.UserId == admin);
        Assert.Empty(VisibleText.Problems(adminCard.Json));
    }

    [Fact]
    public async Task Submit_NobodyReachable_ReporterToldNobodyHasItYetAndWhy()
    {
        // The reporter installs first, so the only admin is the reporter, who is never their own approver.
        var f = new IncidentFlow(App, Connector).Named();
        await f.NeverOpensTheBot(f.Manager).NeverOpensTheBot(f.Admin).SetUpAsync();

        await f.InvokeAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, Plain(f, "nobody")));
        var told = await f.WaitForAsync("PUT", "nobody could be reached yet");

        var text = string.Join('\n', VisibleText.Of(told.Json));
        Assert.Contains("Mona Manager: they have not opened a chat with CxBot and are in no team that has CxBot", text, StringComparison.Ordinal);
        Assert.Contains("Please tell your manager directly; the incident is saved.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" has it", text, StringComparison.Ordinal);
        Assert.Empty(VisibleText.Problems(told.Json));

        // Never silent for admins either: the setup card says so (the reporter is this tenant's only admin) until someone triages it.
        var reference = Reference().Match(text).Value;
        var setupCard = string.Join('\n', VisibleText.Of((await f.ReplyAsync(f.T.PersonalText(f.Reporter, "setup"))).Json));
        await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Acknowledge, new JsonObject { ["reference"] = reference, ["rev"] = 1 }));
        var afterTriage = string.Join('\n', VisibleText.Of((await f.ReplyAsync(f.T.PersonalText(f.Reporter, "setup"))).Json));

        Assert.Contains($"Incident {reference} (Store 42 – Leeds) has reached nobody", setupCard, StringComparison.Ordinal);
        Assert.DoesNotContain("has reached nobody", afterTriage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ManagerNeverOpenedTheBotButIsInTheTeam_CardSentThroughAConversationCreatedFromTheRoster()
    {
        var f = new IncidentFlow(App, Connector).Named().WithRoster();
        await f.NeverOpensTheBot(f.Manager).SetUpAsync();
        await f.RosterReadAsync();

        await f.InvokeAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, Plain(f, "roster")));
        var managerCard = await f.WaitForAsync("POST", "\"Acknowledge\"");
        await f.WaitForAsync("PUT", "Mona Manager has it");

        var create = Assert.Single(Connector.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Equal(Setup.SetupActivities.UserIdOf(f.Manager), create.Json!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Contains("/v3/conversations/a:fake-", managerCard.PathAndQuery, StringComparison.Ordinal);
    }

    /// <summary>A submission without the template-looking text the other tests use to prove user text is never evaluated.</summary>
    private static JsonObject Plain(IncidentFlow f, string token) => f.Submission(token, d => d["what"] = "Delivery came 3 hours late.");

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex Reference();
}
