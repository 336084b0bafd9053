using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static CxBot.Tests.EndToEnd.PlaygroundCards;
using static CxBot.Tests.EndToEnd.PlaygroundPeople;

namespace CxBot.Tests.EndToEnd;

/// <summary>
/// CxBot as three named people of one tenant see it, each in a real Agents Playground of their own: Alex Wilber installs first
/// (admin) and sets up the team with Megan Bowen as its manager; Adele Vance, front line, logs a high-severity incident that
/// Megan acknowledges and resolves, gives Megan a shout-out, and shares an idea Megan accepts. Every message, card, card update
/// and button answer each of them gets is read as they would read it (<see cref="WhatPeopleSee"/>), and the right person is
/// named where one is meant.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ThreePeoplePlaygroundTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly string _configDir = Directory.CreateTempSubdirectory("cxbot-people-").FullName;
    private readonly List<(PlaygroundPerson Person, PlaygroundServer Playground)> _started = [];

    /// <summary>What a message meant to name someone failed to (or anything else wrong in it), per person.</summary>
    private readonly List<string> _named = [];
    private BotApp _bot = null!;
    private PlaygroundServer _alex = null!;
    private PlaygroundServer _megan = null!;
    private PlaygroundServer _adele = null!;

    public async Task InitializeAsync()
    {
        (_bot, var endpoint) = BotApp.LocalOnLoopback(azurite.Server);
        // One after another: three Playgrounds starting at once trip over files of their own.
        foreach (var person in new[] { Alex, Megan, Adele })
        {
            var config = Path.Combine(_configDir, person.Key, ".m365agentsplayground.yml");
            Directory.CreateDirectory(Path.GetDirectoryName(config)!);
            await File.WriteAllTextAsync(config, Config(person));
            _started.Add((person, await PlaygroundServer.StartAsync(endpoint, config)));
        }

        (_alex, _megan, _adele) = (_started[0].Playground, _started[1].Playground, _started[2].Playground);
    }

    public async Task DisposeAsync()
    {
        foreach (var (person, playground) in _started)
        {
            foreach (var received in playground.Seen.Concat(playground.Answers))
            {
                output.WriteLine($"{person.Name}: {received.ToJsonString()}");
            }

            await playground.DisposeAsync();
        }

        await _bot.DisposeAsync();
        Directory.Delete(_configDir, recursive: true);
    }

    [Fact]
    public async Task ThreePeople_InstallSetupIncidentShoutOutIdea_EveryoneReadsNamesNeverIds()
    {
        await AlexSetsUpTheTeamAsync();
        await _megan.InstallAsync(Megan.Chat);
        await _megan.WaitForAsync(e => InChat(e, Megan) && Has(e, "Welcome to CxBot"), Wait);
        await _adele.InstallAsync(Adele.Chat);
        await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, "Welcome to CxBot"), Wait);
        await AdeleLogsAnIncidentMeganResolvesItAsync();
        await AdeleGivesMeganAShoutOutAsync();
        await AdeleSharesAnIdeaMeganAcceptsItAsync();

        List<string> problems = [.. _named, .. WhatPeopleSee.ProblemsInEverything((Alex.Name, _alex), (Megan.Name, _megan), (Adele.Name, _adele))];
        Assert.True(problems.Count == 0, WhatPeopleSee.Report(problems));
    }

    /// <summary>Alex installs first (the first admin), picks a starter journey, adds CxBot to the team and names Megan its manager; people join.</summary>
    private async Task AlexSetsUpTheTeamAsync()
    {
        await _alex.InstallAsync(Alex.Chat);
        await _alex.WaitForAsync(e => InChat(e, Alex) && Has(e, "first CxBot admin"), Wait);
        await _alex.SendTextAsync(Alex.Chat, Alex.UserId, "setup");
        var home = await _alex.WaitForAsync(e => InChat(e, Alex) && Has(e, "Start from a ready-made journey"), Wait);
        var (journeyStatus, journey) = await _alex.PressAsync(Alex, Alex.Chat, IdOf(home), SetupNames.PickJourney, new JsonObject { ["journey"] = "delivery" });
        Assert.True(journeyStatus == 200 && Has(journey!, "journey is set up"), journey?.ToJsonString());

        // Adding CxBot to the team is installing it in the team's conversation; the team's card comes to its channel.
        await _alex.InstallAsync(TeamId);
        var teamCard = await _alex.WaitForAsync(e => In(e, TeamId) && Has(e, "Save team setup"), Wait);
        Assert.True(await TeamRoster.HasReadAsync(_bot, TenantId, TeamId, Megan.Name, Wait), "The bot never read the team's roster.");
        // A channel post is its own thread: the press names it as the Playground does.
        var thread = teamCard["message"]?["postConversationId"]?.ToString() ?? TeamId;
        var (saveStatus, saved) = await _alex.PressAsync(Alex, thread, IdOf(teamCard), SetupNames.SaveTeam, new JsonObject { ["timeZone"] = "UTC", ["shiftEnd"] = "17:30", ["managers"] = Megan.Aad });
        Assert.True(saveStatus == 200 && Has(saved!, "saved."), saved?.ToJsonString());
        _named.AddRange(WhatPeopleSee.ProblemsOf(Alex.Name, saved!, $"Managers now: {Megan.Name}"));

        // Teams tells the bot who joins a team, not who was in it when the app came: Adele and two others join, as front line.
        await _alex.AddTeamMembersAsync(TeamId, new[] { Adele, Isaiah, Patti }.Select(p => (p.UserId, p.Aad)));
        Assert.True(await Poll.UntilAsync(() => IsTeamMemberAsync(Adele), Wait), "Adele never joined the team in setup.");
    }

    /// <summary>Adele logs a high-severity incident; it goes to Megan, who acknowledges and resolves it; Adele is told who has it, then each change.</summary>
    private async Task AdeleLogsAnIncidentMeganResolvesItAsync()
    {
        await _adele.SendTextAsync(Adele.Chat, Adele.UserId, IncidentNames.LogCommand);
        var form = await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, "Log an incident") && Has(e, "rootCause"), Wait);
        var when = DateTime.UtcNow.AddMinutes(-30);
        var (logStatus, logged) = await _adele.PressAsync(Adele, Adele.Chat, IdOf(form), IncidentNames.Submit, new JsonObject
        {
            ["token"] = TokenIn(form), ["teamId"] = TeamId, ["what"] = "Delivery came 3 hours late and nobody called the customer.",
            ["date"] = when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["time"] = when.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["severity"] = "high", ["rootCause"] = "tools", ["recovered"] = "false",
        });
        var reference = Reference().Match(logged?.ToJsonString() ?? "").Value;
        Assert.True(logStatus == 200 && reference.Length > 0, logged?.ToJsonString());

        var card = await _megan.WaitForAsync(e => InChat(e, Megan) && Has(e, reference) && Has(e, IncidentNames.Acknowledge), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Megan.Name, card, $"reported by {Adele.Name}", $"logged by {Adele.Name}"));
        var delivered = await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, $"{Megan.Name} has it"), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Adele.Name, delivered, $"Logged as {reference}. {Megan.Name} has it", $"reported by {Adele.Name}"));

        var (ackStatus, acknowledged) = await _megan.PressAsync(Megan, Megan.Chat, IdOf(card), IncidentNames.Acknowledge, new JsonObject { ["reference"] = reference, ["rev"] = 1 });
        Assert.True(ackStatus == 200 && Has(acknowledged!, "Acknowledged. The reporter has been told."), acknowledged?.ToJsonString());
        _named.AddRange(WhatPeopleSee.ProblemsOf(Megan.Name, acknowledged!, $"acknowledged by {Megan.Name}"));
        await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, $"Your incident {reference} is now acknowledged."), Wait);

        var (resolveStatus, resolved) = await _megan.PressAsync(Megan, Megan.Chat, IdOf(card), IncidentNames.Resolve, new JsonObject { ["reference"] = reference, ["rev"] = 2, ["text"] = "Called back, refund sent" });
        Assert.True(resolveStatus == 200 && Has(resolved!, $"{reference}: Resolved"), resolved?.ToJsonString());
        await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, $"Your incident {reference} is now resolved: Called back, refund sent"), Wait);
        var redrawn = await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, $"{reference}: Resolved"), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Adele.Name, redrawn, $"resolved by {Megan.Name}"));
    }

    /// <summary>Adele picks Megan by name on the shout-out form; Megan and the team's channel get it naming both; Adele hears how it went.</summary>
    private async Task AdeleGivesMeganAShoutOutAsync()
    {
        await _adele.SendTextAsync(Adele.Chat, Adele.UserId, RecognitionNames.RecogniseCommand);
        var form = await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, "Send shout-out"), Wait);
        var (giveStatus, given) = await _adele.PressAsync(Adele, Adele.Chat, IdOf(form), RecognitionNames.Give, new JsonObject
        {
            ["token"] = TokenIn(form), ["recipients"] = ChoiceValue(form, "recipients", Megan.Name),
            ["behaviour"] = FirstChoiceValue(form, "behaviour"), ["message"] = "Stayed on the phone until the customer had a new slot.",
        });
        Assert.True(giveStatus == 200 && Has(given!, RecognitionRoutes.OnItsWay), given?.ToJsonString());

        var toMegan = await _megan.WaitForAsync(e => InChat(e, Megan) && Has(e, "Stayed on the phone until"), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Megan.Name, toMegan, $"{Adele.Name} recognises"));
        var inChannel = await _alex.WaitForAsync(e => In(e, TeamId) && Has(e, "Stayed on the phone until"), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Alex.Name, inChannel, Adele.Name, Megan.Name));
        var report = await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, "Your shout-out for"), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Adele.Name, report, $"Your shout-out for {Megan.Name}"));
    }

    /// <summary>Adele shares an idea; Megan finds it in "team ideas", opens it, takes it under review, then accepts it; Adele is told who decided.</summary>
    private async Task AdeleSharesAnIdeaMeganAcceptsItAsync()
    {
        await _adele.SendTextAsync(Adele.Chat, Adele.UserId, IdeaNames.IdeaCommand);
        var form = await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, "Share an idea") && Has(e, "proposal"), Wait);
        var (shareStatus, shared) = await _adele.PressAsync(Adele, Adele.Chat, IdOf(form), IdeaNames.Submit, new JsonObject
        {
            ["token"] = Guid.NewGuid().ToString("N"), ["teamId"] = TeamId, ["problem"] = "Customers call when a slot runs late.", ["proposal"] = "Text customers when their slot runs late.",
        });
        Assert.True(shareStatus == 200 && Has(shared!, "shared with"), shared?.ToJsonString());
        var ideaId = shared!["value"]?["refresh"]?["action"]?["data"]?["ideaId"]?.GetValue<string>() ?? throw new InvalidOperationException("No idea id in " + shared.ToJsonString());
        var posted = await _alex.WaitForAsync(e => In(e, TeamId) && Has(e, "Customers call when a slot runs late."), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Alex.Name, posted, $"From {Adele.Name}"));

        await _megan.SendTextAsync(Megan.Chat, Megan.UserId, IdeaNames.TeamIdeasCommand);
        var list = await _megan.WaitForAsync(e => InChat(e, Megan) && Has(e, "Customers call when a slot runs late."), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Megan.Name, list, $"from {Adele.Name}"));
        var (openStatus, opened) = await _megan.PressAsync(Megan, Megan.Chat, IdOf(list), IdeaNames.Refresh, new JsonObject { ["ideaId"] = ideaId });
        var (reviewStatus, review) = await _megan.PressAsync(Megan, Megan.Chat, IdOf(list), IdeaNames.Review, new JsonObject { ["ideaId"] = ideaId });
        Assert.True(openStatus == 200 && reviewStatus == 200 && Has(review!, "Save decision"), $"{opened?.ToJsonString()}\n{review?.ToJsonString()}");
        _named.AddRange(WhatPeopleSee.ProblemsOf(Megan.Name, opened!, $"From {Adele.Name}"));
        _named.AddRange(WhatPeopleSee.ProblemsOf(Megan.Name, review!, Adele.Name));

        var (underReviewStatus, underReview) = await _megan.PressAsync(Megan, Megan.Chat, IdOf(list), IdeaNames.Decide, new JsonObject { ["ideaId"] = ideaId, ["status"] = "underReview", ["reason"] = "Worth a look with the carriers." });
        Assert.True(underReviewStatus == 200 && Has(underReview!, "Decision saved: under review."), underReview?.ToJsonString());
        await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, $"{Megan.Name} decided on your idea: it is now under review."), Wait);
        var (acceptStatus, accepted) = await _megan.PressAsync(Megan, Megan.Chat, IdOf(list), IdeaNames.Decide, new JsonObject { ["ideaId"] = ideaId, ["status"] = "accepted", ["reason"] = "The carriers can send the texts." });
        Assert.True(acceptStatus == 200 && Has(accepted!, "Decision saved: accepted."), accepted?.ToJsonString());
        _named.AddRange(WhatPeopleSee.ProblemsOf(Megan.Name, accepted!, $"{Adele.Name} is told"));

        var decision = await _adele.WaitForAsync(e => InChat(e, Adele) && Has(e, $"{Megan.Name} decided on your idea: it is now accepted."), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Adele.Name, decision, $"Accepted by {Megan.Name}: The carriers can send the texts."));
        var updated = await _alex.WaitForAsync(e => In(e, TeamId) && Has(e, "Accepted by"), Wait);
        _named.AddRange(WhatPeopleSee.ProblemsOf(Alex.Name, updated, $"From {Adele.Name}", $"Accepted by {Megan.Name}"));
    }

    private async Task<bool> IsTeamMemberAsync(PlaygroundPerson person)
    {
        var snapshot = await _bot.Services.GetRequiredService<SetupStore>().LoadAsync(TenantId, default);
        return snapshot.Setup.FindTeam(TeamId)?.Members.Any(m => string.Equals(m.UserId, person.Aad, StringComparison.OrdinalIgnoreCase)) == true;
    }

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex Reference();
}
