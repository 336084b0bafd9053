using System.Text.Json.Nodes;
using CxBot.Testing;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Storage;

namespace CxBot.Tests.EndToEnd;

/// <summary>
/// Every card people meet, bound with the data its route really passes, in each scope it is sent in: the welcome in a personal
/// chat, a team and a group chat; then every command the help card lists, typed by an admin, a manager and a front-line member
/// in a personal chat, a team's channel and a group chat; and the flows behind them (incident form and card, idea form and
/// card, shout-out, setup cards, scorecard). Each answer must read right (<see cref="VisibleText.Problems(JsonNode?)"/>), and
/// <see cref="LocalBotTests.DisposeAsync"/> checks everything sent (no <c>${</c>, no card bound with a missing value, a
/// notification line on every proactive message).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CardsInEveryScopeTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private static readonly string[] Commands =
    [
        "help", "setup", "log incident", "incident", "my incidents", "team incidents", "idea", "my ideas", "team ideas",
        "recognise", "kudos", "leaderboard", "scorecard", "record measures", "something nobody understands",
    ];

    public static TheoryData<string> Scopes => ["personal", "channel", "groupChat"];

    [Fact]
    public async Task Welcome_PersonalTeamAndGroupChat_EachSaysWhereItIsAndWhatHappensThere()
    {
        var f = await new IncidentFlow(App, Connector).Named().SetUpAsync();
        var group = GroupInstall(f, f.Manager);

        await f.PostAsync(group);

        var personal = Card(Connector.Requests.First(r => r.Body.Contains("Welcome to CxBot", StringComparison.Ordinal)).Json);
        var team = Card(Connector.Requests.Single(r => r.Body.Contains("CxBot has joined Store 42", StringComparison.Ordinal)).Json);
        var chat = Card(Connector.ReplyTo(group).Json);
        var teamText = string.Join('\n', VisibleText.Of(team));
        var chatText = string.Join('\n', VisibleText.Of(chat));
        Assert.Empty(VisibleText.Problems(personal));
        Assert.Empty(VisibleText.Problems(team));
        Assert.Empty(VisibleText.Problems(chat));
        Assert.Contains("Thanks, <at>Mona Manager</at>, for adding me to this team.", teamText, StringComparison.Ordinal);
        Assert.Contains("once a manager types **post incidents here**", teamText, StringComparison.Ordinal);
        Assert.DoesNotContain("right away", teamText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("this chat", teamText, StringComparison.Ordinal);
        Assert.Equal("CxBot has joined this chat", VisibleText.Of(chat)[0]);
        Assert.Contains("Thanks, <at>Mona Manager</at>, for adding me to this chat.", chatText, StringComparison.Ordinal);
        Assert.DoesNotContain("this team", chatText, StringComparison.Ordinal);
        Assert.DoesNotContain("General channel", chatText, StringComparison.Ordinal);
        Assert.Equal("Mona Manager", (string?)chat["msteams"]!["entities"]![0]!["mentioned"]!["name"]);
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task TypedCommands_AdminManagerAndStaff_EveryAnswerReadsRight(string scope)
    {
        var f = await new IncidentFlow(App, Connector).Named().SetUpAsync();
        await f.InvokeAsync(f.T.Execute(f.Admin, "setup.journey.pick", new JsonObject { ["journey"] = "delivery" }));
        if (scope == "groupChat")
        {
            await f.PostAsync(GroupInstall(f, f.Manager));
        }

        var problems = new List<string>();
        foreach (var (person, name) in new[] { (f.Admin, "Ada Admin"), (f.Manager, "Mona Manager"), (f.Reporter, "Rita Reporter") })
        {
            foreach (var command in Commands)
            {
                var typed = Typed(f, scope, person, command);
                await f.PostAsync(typed);
                var answers = await AnswersToAsync(typed);
                if (answers.Count == 0)
                {
                    problems.Add($"{name} typed \"{command}\" in {scope}: no answer");
                }

                problems.AddRange(answers.SelectMany(a => VisibleText.Problems(a)).Select(p => $"{name} typed \"{command}\" in {scope}: {p}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Flows_IncidentIdeaShoutOutAndSetup_EveryCardAndNotificationReadsRight()
    {
        var f = await new IncidentFlow(App, Connector).Named().SetUpAsync();
        await f.InvokeAsync(f.T.Execute(f.Admin, "setup.journey.pick", new JsonObject { ["journey"] = "delivery" }));
        var token = Guid.NewGuid().ToString();

        var confirmation = await f.InvokeAsync(f.T.Execute(f.Reporter, "incidents.log.submit", f.Submission(token, d => d["what"] = "Delivery came 3 hours late; the customer had taken the morning off.")));
        var managerCard = await f.WaitForAsync("POST", "\"Acknowledge\"");
        await f.InvokeAsync(f.T.Execute(f.Reporter, "ideas.submit", new JsonObject
        {
            ["token"] = Guid.NewGuid().ToString(), ["teamId"] = f.T.TeamId, ["problem"] = "Customers wait at the door", ["proposal"] = "A bell at the door", ["benefit"] = "Nobody waits",
        }));
        var ideaPost = await f.WaitForAsync("POST", "Customers wait at the door");
        await f.InvokeAsync(f.T.Execute(f.Manager, CxBot.Features.Recognition.RecognitionNames.Give, new JsonObject
        {
            ["token"] = Guid.NewGuid().ToString(), ["recipients"] = f.Reporter, ["behaviour"] = "s:slot-kept", ["message"] = "Kept every slot today",
        }));
        var shoutOut = await f.WaitForAsync("POST", "Kept every slot today");

        Assert.Empty(VisibleText.Problems(confirmation["value"]));
        Assert.Empty(VisibleText.Problems(managerCard.Json));
        Assert.Empty(VisibleText.Problems(ideaPost.Json));
        Assert.Empty(VisibleText.Problems(shoutOut.Json));
        Assert.StartsWith("Mona Manager recognised ", (string?)shoutOut.Json!["summary"], StringComparison.Ordinal);
        Assert.StartsWith("Rita Reporter logged a High incident at Store 42", (string?)managerCard.Json!["summary"], StringComparison.Ordinal);
        Assert.Equal("Rita Reporter shared an idea for Store 42 – Leeds", (string?)ideaPost.Json!["summary"]);
    }

    private static JsonObject Card(JsonNode? activity) => activity!["attachments"]![0]!["content"]!.AsObject();

    /// <summary>What the bot answered a typed message with: its replies (a short wait for any sent after the HTTP answer).</summary>
    private async Task<IReadOnlyList<JsonNode>> AnswersToAsync(JsonObject typed)
    {
        var id = (string)typed["id"]!;
        List<JsonNode> Found() => [.. Connector.Requests.Select(r => r.Json).Where(j => j is JsonObject o && (string?)o["replyToId"] == id).Select(j => j!)];
        await Poll.UntilAsync(() => Task.FromResult(Found().Count > 0), TimeSpan.FromSeconds(3));
        return Found();
    }

    private static JsonObject Typed(IncidentFlow f, string scope, string person, string text) => scope switch
    {
        "personal" => f.T.PersonalText(person, text),
        "channel" => f.T.ChannelText(person, text),
        _ => InGroupChat(f, f.T.ChannelText(person, text)),
    };

    private static JsonObject GroupInstall(IncidentFlow f, string person) => InGroupChat(f, f.T.TeamInstall(person));

    /// <summary>The same activity in a group chat: a <c>groupChat</c> conversation, no team and no channel.</summary>
    private static JsonObject InGroupChat(IncidentFlow f, JsonObject activity)
    {
        activity["conversation"] = new JsonObject
        {
            ["isGroup"] = true, ["conversationType"] = "groupChat", ["tenantId"] = f.T.Tenant, ["id"] = "19:" + f.T.Tenant.Replace("-", "", StringComparison.Ordinal) + "@thread.v2",
        };
        var channelData = activity["channelData"]!.AsObject();
        channelData.Remove("team");
        channelData.Remove("channel");
        channelData.Remove("settings");
        return activity;
    }
}
