using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Xunit.Abstractions;

namespace CxBot.Tests.Features.Incidents;

/// <summary>
/// The incident loop with the real Agents Playground, two people of one tenant: the reporter is the built-in playground's current user
/// (Alex Wilber, the first admin), the manager is Megan Bowen, the current user of a second playground started with a config file in
/// which she is the current user (a playground shows one person's chats). Team setup names Megan the team's manager, so the incident is
/// routed to her (the reporter is never their own approver). Log → manager card in Megan's chat → acknowledge → resolve → Alex told in his chat,
/// over the two playgrounds' APIs and streams.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IncidentsPlaygroundTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ManagerId = "user-id-1";
    private const string ManagerAad = "00000000-0000-0000-0000-0000000000021";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _configDir = Directory.CreateTempSubdirectory("cxbot-playground-").FullName;
    private BotApp _bot = null!;
    private PlaygroundServer _reporter = null!;
    private PlaygroundServer _manager = null!;

    public async Task InitializeAsync()
    {
        (_bot, var endpoint) = BotApp.LocalOnLoopback(azurite.Server);
        _reporter = await PlaygroundServer.StartAsync(endpoint);
        var config = Path.Combine(_configDir, ".m365agentsplayground.yml");
        await File.WriteAllTextAsync(config, ManagerConfig);
        _manager = await PlaygroundServer.StartAsync(endpoint, config);
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, playground) in new[] { ("reporter", _reporter), ("manager", _manager) })
        {
            foreach (var seen in playground?.Seen ?? [])
            {
                output.WriteLine(name + ": " + seen.ToJsonString());
            }

            if (playground is not null)
            {
                await playground.DisposeAsync();
            }
        }

        await _bot.DisposeAsync();
        Directory.Delete(_configDir, recursive: true);
    }

    [Fact]
    public async Task Playground_LogAcknowledgeResolve_ManagerCardThenReporterToldInTheirChat()
    {
        var config = await _reporter.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var reporter = config["currentUser"]!["id"]!.GetValue<string>();
        var team = config["teams"]![0]!["id"]!.GetValue<string>();
        var managerChat = (await _manager.GetConfigAsync())["personalChat"]!["id"]!.GetValue<string>();
        await _reporter.InstallAsync(chat);
        await _reporter.WaitForAsync(e => Has(e, "first CxBot admin"), Wait);
        // The playground's install events carry no name: Alex chats first, so CxBot knows his name when the team card names him.
        await _reporter.SendTextAsync(chat, reporter, "help");
        await _reporter.WaitForAsync(e => Has(e, "What would you like to do?"), Wait);
        await _reporter.InstallAsync(team);
        var teamSetup = await _reporter.WaitForAsync(e => Has(e, "Save team setup"), Wait);
        // A channel post is its own thread: the invoke names it as the playground does.
        var thread = teamSetup["message"]?["postConversationId"]?.ToString() ?? team;
        Assert.True(await TeamRoster.HasReadAsync(_bot, BuiltInTenant, team, "Megan Bowen", Wait), "The bot never read the team's roster.");
        var (saveStatus, saved) = await ExecuteAsync(_reporter, thread, reporter, IdOf(teamSetup), "setup.team.save", new JsonObject { ["timeZone"] = "UTC", ["shiftEnd"] = "17:30", ["managers"] = ManagerAad });
        await _manager.InstallAsync(managerChat);
        await _manager.WaitForAsync(e => Has(e, "Welcome to CxBot"), Wait);

        await _reporter.SendTextAsync(chat, reporter, IncidentNames.LogCommand);
        var form = await _reporter.WaitForAsync(e => Has(e, "Log an incident") && Has(e, "rootCause"), Wait);
        var token = TokenIn().Match(form.ToJsonString()).Groups[1].Value;
        var when = DateTime.UtcNow.AddMinutes(-30);
        var (logStatus, logged) = await ExecuteAsync(_reporter, chat, reporter, IdOf(form), IncidentNames.Submit, new JsonObject
        {
            ["token"] = token, ["teamId"] = team, ["what"] = "Delivery came 3 hours late.",
            ["date"] = when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["time"] = when.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["severity"] = "high", ["rootCause"] = "tools", ["recovered"] = "false",
        });
        var reference = Reference().Match(logged?.ToJsonString() ?? "").Value;
        var managerCard = await _manager.WaitForAsync(e => e["actionConversationId"]?.ToString() == managerChat && Has(e, reference) && Has(e, IncidentNames.Acknowledge), Wait);
        var (ackStatus, acknowledged) = await ExecuteAsync(_manager, managerChat, ManagerId, IdOf(managerCard), IncidentNames.Acknowledge, new JsonObject { ["reference"] = reference, ["rev"] = 1 });
        var toldAcknowledged = await _reporter.WaitForAsync(e => e["actionConversationId"]?.ToString() == chat && Has(e, $"Your incident {reference} is now acknowledged."), Wait);
        var (resolveStatus, resolved) = await ExecuteAsync(_manager, managerChat, ManagerId, IdOf(managerCard), IncidentNames.Resolve, new JsonObject { ["reference"] = reference, ["rev"] = 2, ["text"] = "Called back, refund sent" });
        var toldResolved = await _reporter.WaitForAsync(e => e["actionConversationId"]?.ToString() == chat && Has(e, $"Your incident {reference} is now resolved"), Wait);

        Assert.True(saveStatus == 200, saved?.ToJsonString());
        Assert.True(logStatus == 200, logged?.ToJsonString());
        Assert.Matches("^INC-\\d{4}-\\d{6}$", reference);
        Assert.True(ackStatus == 200, acknowledged?.ToJsonString());
        Assert.Contains("Acknowledged. The reporter has been told.", acknowledged!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(resolveStatus == 200, resolved?.ToJsonString());
        Assert.Contains($"{reference}: Resolved", resolved!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(reference, toldAcknowledged.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Called back, refund sent", toldResolved.ToJsonString(), StringComparison.Ordinal);
        WhatPeopleSee.AssertEverythingReadable(("Alex Wilber", _reporter), ("Megan Bowen", _manager));
    }

    private static Task<(int Status, JsonNode? Body)> ExecuteAsync(PlaygroundServer playground, string conversation, string user, string replyToId, string verb, JsonObject data) =>
        playground.InvokeAsync(new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" },
            ["from"] = new JsonObject { ["id"] = user },
            ["conversation"] = new JsonObject { ["id"] = conversation },
            ["replyToId"] = replyToId,
        });

    private static bool Has(JsonNode node, string text) => node.ToJsonString().Contains(text, StringComparison.Ordinal);

    private static string IdOf(JsonNode node) =>
        node["message"]?["messageId"]?.ToString() ?? throw new InvalidOperationException("No message id in " + node.ToJsonString());

    /// <summary>The built-in playground's tenant (<see cref="ManagerConfig"/> uses it too).</summary>
    private const string BuiltInTenant = "00000000-0000-0000-0000-0000000000001";

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex Reference();

    [GeneratedRegex("token[\\\\\"]*:[\\\\\"]*([0-9a-f-]{32,36})")]
    private static partial Regex TokenIn();

    /// <summary>The playground's built-in people (it wants at least five others) and team, with Megan Bowen as the current user (same tenant, bot and team as the built-in config).</summary>
    private const string ManagerConfig = """
        version: "0.1.1"
        tenantId: 00000000-0000-0000-0000-0000000000001
        bot:
          id: 00000000-0000-0000-0000-00000000000011
          name: Test Bot
        currentUser:
          id: user-id-1
          name: Megan Bowen
          userPrincipleName: meganb@example.com
          aadObjectId: 00000000-0000-0000-0000-0000000000021
          givenName: Megan
          surname: Bowen
          email: meganb@example.com
        users:
          - id: user-id-0
            name: Alex Wilber
            userPrincipleName: alexw@example.com
            aadObjectId: 00000000-0000-0000-0000-0000000000020
            givenName: Alex
            surname: Wilber
            email: alexw@example.com
          - id: user-id-2
            name: Adele Vance
            userPrincipleName: adelev@example.com
            aadObjectId: 00000000-0000-0000-0000-0000000000022
            givenName: Adele
            surname: Vance
            email: adelev@example.com
          - id: user-id-3
            name: Isaiah Langer
            userPrincipleName: isaiah@example.com
            aadObjectId: 00000000-0000-0000-0000-0000000000023
            givenName: Isaiah
            surname: Langer
            email: isaiah@example.com
          - id: user-id-4
            name: Patti Fernandez
            userPrincipleName: pattif@example.com
            aadObjectId: 00000000-0000-0000-0000-0000000000024
            givenName: Patti
            surname: Fernandez
            email: pattif@example.com
          - id: user-id-5
            name: Lynne Robbins
            userPrincipleName: lynner@example.com
            aadObjectId: 00000000-0000-0000-0000-0000000000025
            givenName: Lynne
            surname: Robbins
            email: lynner@example.com
        personalChat:
          id: megan-personal-chat
        groupChat:
          id: megan-group-chat
          name: Group Chat
        team:
          id: team-id
          name: My Team
          aadGroupId: 00000000-0000-0000-0000-000000000031
          channels:
            - id: channel-announcements-id
              name: Announcements
        """;
}
