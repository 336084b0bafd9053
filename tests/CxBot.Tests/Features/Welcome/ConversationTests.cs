using System.Text.Json.Nodes;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Measures;
using CxBot.Features.Recognition;
using CxBot.Features.Welcome;
using CxBot.Protocol.Routing;
using CxBot.Testing;
using CxBot.Tests.Features.AppPackage;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Welcome;

/// <summary>
/// How CxBot answers what people type, through the real <c>/api/messages</c>, in a personal chat, a team's channel (with the
/// @mention Teams puts in front) and a group chat: greetings, thanks, typos, plurals, polite forms, prefills, emoji, other
/// scripts and very long text. Each phrase has its expected answer: the intended card, a "did you mean", a short friendly line,
/// or the short fallback with the home card's buttons; and nothing anybody reads shows an id, "someone" or <c>${…}</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConversationTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private const string LogForm = "card:Log an incident";
    private const string IdeaForm = "card:Share an idea";
    private const string GiveForm = "card:Recognise a colleague";
    private const string Preferences = "card:Your check-ins";
    private const string MyIncidents = "card:My open incidents";
    private const string MyIdeas = "card:My ideas";
    private const string Leaderboard = "card:Leaderboard";
    private const string Commands = "card:What you can type";
    private const string Home = "home";
    private const string Fallback = "fallback";
    private const string Welcome = "text:" + "You're welcome!";
    private const string Emoji = "text:" + WelcomeRoutes.EmojiReply;
    private const string ManagersOnly = "text:" + MeasureRoutes.ManagersOnly;
    private const string SurveyManagersOnly = "text:" + SurveyCardRoutes.ManagersOnly;

    private const string Cole = "<at>Cole Colleague</at>";

    /// <summary>What Rita (front-line) types, where, and what she should get back. "greet" is the home card that says hi by name.</summary>
    private static readonly (Scope Scope, string Text, string Expected)[] Phrases =
    [
        // Greetings and ways back to the home card.
        (Scope.Personal, "hi", "greet"),
        (Scope.Personal, "Hello!", "greet"),
        (Scope.Personal, "hey", "greet"),
        (Scope.Personal, "HEY THERE", "greet"),
        (Scope.Personal, "good morning", "greet"),
        (Scope.Channel, "hi", "greet"),
        (Scope.Group, "hello", "greet"),
        (Scope.Personal, "menu", Home),
        (Scope.Personal, "help", Home),
        (Scope.Personal, "Help!", Home),
        (Scope.Personal, "help me please", Home),
        (Scope.Personal, "start", Home),
        (Scope.Personal, "what can you do?", Home),
        (Scope.Channel, "", Home),
        (Scope.Group, "", Home),
        (Scope.Channel, "MENU", Home),
        (Scope.Personal, "commands", Commands),

        // Thanks: a friendly line alone, the shout-out form with the person picked when someone is mentioned.
        (Scope.Personal, "thanks", Welcome),
        (Scope.Personal, "thank you!", Welcome),
        (Scope.Personal, "Thanks a lot", Welcome),
        (Scope.Personal, "thx", Welcome),
        (Scope.Personal, "cheers", Welcome),
        (Scope.Group, "thank you", Welcome),
        (Scope.Personal, "thanks " + Cole, GiveForm + "|picked"),
        (Scope.Channel, "kudos " + Cole, GiveForm + "|picked"),
        (Scope.Group, "thanks " + Cole + " for covering my shift", GiveForm + "|picked"),

        // Commands, in any case, with punctuation, plurals, US spellings and polite wrappers.
        (Scope.Personal, "log incident", LogForm),
        (Scope.Personal, "log an incident please", LogForm),
        (Scope.Personal, "can I log an incident", LogForm),
        (Scope.Personal, "Log Incident!", LogForm),
        (Scope.Personal, "incident", LogForm),
        (Scope.Personal, "I want to log an incident", LogForm),
        (Scope.Channel, "log incident", LogForm),
        (Scope.Personal, "my incident", MyIncidents),
        (Scope.Personal, "My Incidents", MyIncidents),
        (Scope.Personal, "show me my incidents", MyIncidents),
        (Scope.Personal, "recognize", GiveForm),
        (Scope.Personal, "recognise", GiveForm),
        (Scope.Personal, "Kudos!", GiveForm),
        (Scope.Personal, "my check-ins", Preferences),
        (Scope.Personal, "my checkins", Preferences),
        (Scope.Personal, "check-ins", Preferences),
        (Scope.Personal, "check ins", Preferences),
        (Scope.Channel, "my check-ins", Preferences),
        (Scope.Channel, "&nbsp;my incidents", MyIncidents),
        (Scope.Personal, "my idea", MyIdeas),
        (Scope.Personal, "my ideas please", MyIdeas),
        (Scope.Personal, "please show the leaderboard", Leaderboard),
        (Scope.Channel, "leaderboard", Leaderboard),
        (Scope.Personal, "record measures", ManagersOnly),
        (Scope.Personal, "Record figures please", ManagersOnly),
        (Scope.Channel, "weekly figures", ManagersOnly),
        (Scope.Group, "record the weekly figures", ManagersOnly),
        (Scope.Personal, "customer survey", SurveyManagersOnly),
        (Scope.Personal, "Customer survey for Checkout please", SurveyManagersOnly),
        (Scope.Channel, "survey link", SurveyManagersOnly),
        (Scope.Group, "customer survey poster", SurveyManagersOnly),

        // Prefills: the idea's proposal is what followed "idea".
        (Scope.Personal, "idea: free coffee for regulars", IdeaForm + "|free coffee for regulars"),
        (Scope.Channel, "idea - loyalty stamps in the app", IdeaForm + "|loyalty stamps in the app"),
        (Scope.Group, "Idea: a quiet hour for older customers", IdeaForm + "|a quiet hour for older customers"),
        (Scope.Personal, "idea", IdeaForm),

        // Small typos: a "did you mean" with a button, never a guess that runs.
        (Scope.Personal, "incidnet", "mean:log incident"),
        (Scope.Personal, "log incidnet", "mean:log incident"),
        (Scope.Personal, "scorecrd", "mean:scorecard"),
        (Scope.Personal, "recgonise", "mean:recognise"),
        (Scope.Channel, "my incidnets", "mean:my incidents"),
        (Scope.Group, "leaderbord", "mean:leaderboard"),
        (Scope.Personal, "halp", "mean:help"),
        (Scope.Personal, "leaderbord *month*", "mean:leaderboard month"),
        (Scope.Channel, "ide: [free](http://x.example) coffee", "mean:idea freehttp://x.example coffee"),

        // Emoji: a short friendly line.
        (Scope.Personal, "👍", Emoji),
        (Scope.Group, "🙏🙏", Emoji),
        (Scope.Channel, "🎉", Emoji),

        // Other scripts, questions and hostile or very long text: one short line and the home card's buttons.
        (Scope.Personal, "مرحبا، كيف حالك؟", Fallback),
        (Scope.Personal, "你好", Fallback),
        (Scope.Personal, "Привет", Fallback),
        (Scope.Channel, "Как дела?", Fallback),
        (Scope.Group, "こんにちは", Fallback),
        (Scope.Personal, "what's the weather like", Fallback),
        (Scope.Personal, "?", Fallback),
        (Scope.Personal, "${userName} {{evil}} \"}", Fallback),
        (Scope.Channel, "<script>alert(1)</script>", Fallback),
        (Scope.Personal, string.Concat(Enumerable.Repeat("asdf qwer ", 2_500)), Fallback),
        (Scope.Personal, new string('a', 27_000), Fallback),
        (Scope.Group, string.Concat(Enumerable.Repeat("тест ", 5_000)), Fallback),
    ];

    private enum Scope
    {
        Personal,
        Channel,
        Group,
    }

    [Fact]
    public async Task TypedPhrases_EveryScope_EachGetsItsIntendedAnswer()
    {
        var f = await new IncidentFlow(App, Connector).Named().WithRoster().SetUpAsync();
        Assert.True(Phrases.Length >= 60, $"only {Phrases.Length} phrases");
        var wrong = new List<string>();

        foreach (var (scope, text, expected) in Phrases)
        {
            var answer = await AnswerAsync(f, f.Reporter, scope, text);
            var shown = $"\"{Short(text)}\" ({scope})";
            if (answer is JsonArray several)
            {
                wrong.Add($"{shown}: {several.Count} replies, not one");
            }

            wrong.AddRange(Check(answer, expected).Select(problem => $"{shown}: {problem}"));
            wrong.AddRange(VisibleText.Problems(answer).Select(problem => $"{shown}: {problem}"));
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public async Task HomeCard_EachRole_OnlyItsButtonsAndEveryButtonAlsoTyped()
    {
        var f = await new IncidentFlow(App, Connector).Named().WithRoster().SetUpAsync();

        var staff = await AnswerAsync(f, f.Reporter, Scope.Personal, "menu");
        var manager = await SeenAsAsync(f, f.Manager, Scope.Personal, "help", "Team incidents");
        var admin = await SeenAsAsync(f, f.Admin, Scope.Channel, "", "Setup");

        Assert.Equal(["Log an incident", "Share an idea", "Thank a colleague", "My incidents", "My ideas", "My check-ins", "Leaderboard", "All commands"], Titles(staff));
        Assert.Equal(["Log an incident", "Share an idea", "Thank a colleague", "My incidents", "My ideas", "My check-ins", "Team incidents", "Team ideas", "Scorecard", "Customer survey", "Weekly figures", "Leaderboard", "All commands"], Titles(manager));
        Assert.Contains("Setup", Titles(admin));

        // Every button is an Action.Submit (a new message: the home card stays) running a command that also works typed.
        foreach (var button in Buttons(admin))
        {
            Assert.Equal("Action.Submit", (string?)button["type"]);
            Assert.Equal(ActivityRouter.TypedCommandVerb, (string?)button["data"]!["verb"]);
            var command = (string)button["data"]!["command"]!;
            var pressed = await PressAsync(f, f.Admin, command);
            var typed = await AnswerAsync(f, f.Admin, Scope.Personal, command);
            Assert.True(VisibleText.Of(pressed).SequenceEqual(VisibleText.Of(typed), StringComparer.Ordinal) || command == "idea" || command == "recognise" || command == "log incident",
                $"'{command}' pressed and typed answer differently");
            Assert.Empty(Check(typed, "any"));
            Assert.Empty(VisibleText.Problems(pressed));
        }
    }

    [Fact]
    public async Task CommandsList_EachRole_OnlyTheCommandsTheyMayUse()
    {
        var f = await new IncidentFlow(App, Connector).Named().WithRoster().SetUpAsync();

        var staff = VisibleText.Of(await AnswerAsync(f, f.Reporter, Scope.Personal, "commands"));
        var manager = VisibleText.Of(await SeenAsAsync(f, f.Manager, Scope.Group, "commands", "team incidents"));
        var admin = VisibleText.Of(await SeenAsAsync(f, f.Admin, Scope.Personal, "commands", "post scorecards here"));

        Assert.Contains("my check-ins", staff);
        Assert.DoesNotContain("team incidents", staff);
        Assert.DoesNotContain("setup", staff);
        Assert.DoesNotContain("scorecard", staff);
        Assert.Contains("team incidents", manager);
        Assert.DoesNotContain("post scorecards here", manager);
        Assert.Contains("post scorecards here", admin);
        Assert.Equal(WelcomeMenu.Commands.Count, admin.Count(s => WelcomeMenu.Commands.Any(c => c.Command == s)));
    }

    [Fact]
    public async Task DidYouMean_ButtonPressed_RunsTheCommandAsANewMessage()
    {
        var f = await new IncidentFlow(App, Connector).Named().WithRoster().SetUpAsync();

        var suggestion = await AnswerAsync(f, f.Reporter, Scope.Personal, "incidnet");
        var yes = Buttons(suggestion).First();
        var form = await PressAsync(f, f.Reporter, (string)yes["data"]!["command"]!);

        Assert.Equal("Yes: log incident", (string?)yes["title"]);
        Assert.Empty(Check(form, LogForm));
    }

    [Fact]
    public async Task OldWelcomeCard_ExecuteButtons_StillOpenTheirCards()
    {
        var f = await new IncidentFlow(App, Connector).Named().WithRoster().SetUpAsync();

        var log = await f.InvokeCardAsync(f.T.Execute(f.Reporter, "incidents.log.open", new JsonObject()));
        var preferences = await f.InvokeCardAsync(f.T.Execute(f.Reporter, "checkins.preferences", new JsonObject()));
        var idea = await f.InvokeCardAsync(f.T.Execute(f.Reporter, "ideas.new", new JsonObject()));
        var give = await f.InvokeCardAsync(f.T.Execute(f.Reporter, RecognitionNames.ShowForm, new JsonObject()));

        Assert.Contains("Log an incident", log, StringComparison.Ordinal);
        Assert.Contains("Your check-ins", preferences, StringComparison.Ordinal);
        Assert.Contains("Share an idea", idea, StringComparison.Ordinal);
        Assert.Contains("Recognise a colleague", give, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestCommands_TypedInTheirScope_NeverTheFallbackOrADidYouMean()
    {
        var f = await new IncidentFlow(App, Connector).Named().WithRoster().SetUpAsync();
        var wrong = new List<string>();

        foreach (var list in TestManifest.Template()["bots"]![0]!["commandLists"]!.AsArray())
        {
            foreach (var scopeName in list!["scopes"]!.AsArray().Select(s => (string)s!))
            {
                var scope = scopeName switch { "personal" => Scope.Personal, "team" => Scope.Channel, _ => Scope.Group };
                foreach (var title in list["commands"]!.AsArray().Select(c => (string)c!["title"]!))
                {
                    var answer = await AnswerAsync(f, f.Admin, scope, title);
                    wrong.AddRange(Check(answer, "any").Select(p => $"'{title}' ({scopeName}): {p}"));
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    /// <summary>
    /// The answer once it shows <paramref name="mark"/>: the home card reads the setup at most 2 s old (a per-instance cache), and
    /// the set-up just before this may be younger than that.
    /// </summary>
    private async Task<JsonNode> SeenAsAsync(IncidentFlow f, string person, Scope scope, string text, string mark)
    {
        JsonNode answer = new JsonObject();
        await Poll.UntilAsync(async () => VisibleText.Of(answer = await AnswerAsync(f, person, scope, text)).Contains(mark), TimeSpan.FromSeconds(10));
        return answer;
    }

    /// <summary>What is wrong with <paramref name="answer"/> for <paramref name="expected"/>; empty when it is right.</summary>
    private static List<string> Check(JsonNode answer, string expected)
    {
        var seen = VisibleText.Of(answer);
        var all = string.Join(" | ", seen);
        var problems = new List<string>();
        void Expect(bool ok, string what)
        {
            if (!ok)
            {
                problems.Add($"{what}; saw: {Short(all, 300)}");
            }
        }

        var isHome = seen.Contains("Log an incident") && seen.Contains("All commands");
        var isFallback = seen.Count > 0 && seen[0] == WelcomeRoutes.FallbackLine;
        var isSuggestion = seen.Any(s => s.StartsWith("Did you mean", StringComparison.Ordinal));
        var parts = expected.Split('|');
        switch (parts[0])
        {
            case "any":
                Expect(!isFallback && !isSuggestion, "expected the command's own answer");
                break;
            case "greet":
                Expect(isHome && seen.Contains("Hi Rita!"), "expected the home card greeting Rita");
                break;
            case Home:
                Expect(isHome && seen.Contains(WelcomeRoutes.HomeHeading), "expected the home card");
                break;
            case Fallback:
                Expect(isFallback && isHome, "expected the short fallback with the home card's buttons");
                Expect(seen.Count <= 12, "expected one short line and buttons, not a wall of text");
                break;
            case var mean when mean.StartsWith("mean:", StringComparison.Ordinal):
                var command = mean["mean:".Length..];
                Expect(seen.Contains($"Did you mean **{command}**?") && seen.Contains($"Yes: {command}"), $"expected \"Did you mean {command}?\" with a button");
                break;
            case var text when text.StartsWith("text:", StringComparison.Ordinal):
                Expect(answer["attachments"] is null or JsonArray { Count: 0 } && all.Contains(text["text:".Length..], StringComparison.Ordinal), $"expected a short line \"{text["text:".Length..]}\"");
                break;
            case var card when card.StartsWith("card:", StringComparison.Ordinal):
                Expect(seen.Contains(card["card:".Length..]) || seen.Any(s => s.StartsWith(card["card:".Length..], StringComparison.Ordinal)), $"expected the card \"{card["card:".Length..]}\"");
                Expect(!isFallback && !isSuggestion && !seen.Contains(WelcomeRoutes.HomeHeading), "expected that card, not the home card");
                break;
            default:
                throw new ArgumentException($"unknown expectation {expected}");
        }

        if (parts.Length > 1 && parts[1] == "picked")
        {
            var picked = (string?)FindInput(answer, "recipients")?["value"];
            Expect(picked is { Length: > 0 } && picked.Split(',').Length == 1, "expected Cole picked on the form");
        }
        else if (parts.Length > 1)
        {
            Expect(seen.Contains(parts[1]), $"expected \"{parts[1]}\" filled in");
        }

        return problems;
    }

    private async Task<JsonNode> AnswerAsync(IncidentFlow f, string person, Scope scope, string text)
    {
        var activity = scope switch
        {
            Scope.Personal => f.T.PersonalText(person, text),
            Scope.Channel => f.T.ChannelText(person, text),
            _ => GroupText(f, person, text),
        };
        if (text.Contains(Cole, StringComparison.Ordinal))
        {
            activity["entities"] = new JsonArray([.. activity["entities"]?.AsArray().Select(e => e?.DeepClone()) ?? [], new JsonObject
            {
                ["type"] = "mention",
                ["text"] = Cole,
                ["mentioned"] = new JsonObject { ["id"] = SetupActivities.UserIdOf(f.Colleague), ["name"] = "Cole Colleague" },
            }]);
        }

        return await RepliesAsync(f, activity);
    }

    /// <summary>The bot's reply to <paramref name="activity"/>; when it sent several, all of them in an array.</summary>
    private async Task<JsonNode> RepliesAsync(IncidentFlow f, JsonObject activity)
    {
        await f.PostAsync(activity);
        var id = (string)activity["id"]!;
        var replies = Connector.Requests.Where(r => r.Json is JsonObject body && (string?)body["replyToId"] == id).Select(r => r.Json!).ToList();
        Assert.True(replies.Count > 0, $"no reply to \"{Short(activity["text"]?.ToString() ?? "")}\"");
        return replies.Count == 1 ? replies[0] : new JsonArray([.. replies.Select(r => r.DeepClone())]);
    }

    private async Task<JsonNode> PressAsync(IncidentFlow f, string person, string command)
    {
        var activity = f.T.PersonalText(person, "");
        activity.Remove("text");
        activity["value"] = new JsonObject { ["verb"] = ActivityRouter.TypedCommandVerb, ["command"] = command };
        return await RepliesAsync(f, activity);
    }

    /// <summary>A message in a group chat, as Teams sends it: the bot @mentioned in front of the text.</summary>
    private static JsonObject GroupText(IncidentFlow f, string person, string text)
    {
        var a = f.T.PersonalText(person, "<at>CxBot</at> " + text);
        a["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "groupChat", ["tenantId"] = f.T.Tenant, ["id"] = "19:group-" + f.T.Tenant + "@thread.v2" };
        a["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>CxBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = a["recipient"]!["id"]!.DeepClone(), ["name"] = "CxBot" },
        });
        return a;
    }

    private static List<JsonObject> Buttons(JsonNode answer) =>
        [.. (answer["attachments"]?[0]?["content"]?["body"]?.AsArray() ?? [])
            .Where(e => (string?)e?["type"] == "ActionSet")
            .SelectMany(e => e!["actions"]!.AsArray().Select(a => a!.AsObject()))];

    private static List<string> Titles(JsonNode answer) => [.. Buttons(answer).Select(b => (string)b["title"]!)];

    private static JsonObject? FindInput(JsonNode? node, string id) => node switch
    {
        JsonObject o when (string?)o["id"] == id && o["type"] is not null => o,
        JsonObject o => o.Select(p => FindInput(p.Value, id)).FirstOrDefault(x => x is not null),
        JsonArray a => a.Select(x => FindInput(x, id)).FirstOrDefault(x => x is not null),
        _ => null,
    };

    private static string Short(string text, int length = 40) => text.Length <= length ? text : text[..length] + $"… ({text.Length} characters)";
}
