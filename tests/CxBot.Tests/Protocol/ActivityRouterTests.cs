using System.Text.Json;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace CxBot.Tests.Protocol;

public sealed class ActivityRouterTests
{
    private readonly Mock<IConnectorClient> _connector = new();
    private readonly List<string> _calls = [];

    [Fact]
    public void Build_DuplicateVerb_ThrowsAtStartUp()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Router(r => r.OnVerb("a.b", Record("1")), r => r.OnVerb("A.B", Record("2"))));

        Assert.Contains("Duplicate route", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DuplicateCommandOrUnmatchedText_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Router(r => r.OnCommand("help", Record("1")).OnCommand("HELP", Record("2"))));
        Assert.Throws<InvalidOperationException>(() => Router(r => r.OnUnmatchedText(Record("1")).OnUnmatchedText(Record("2"))));
    }

    [Fact]
    public async Task Route_ExecuteAndSubmitWithSameVerb_SameHandler()
    {
        var router = Router(r => r.OnVerb("incident.acknowledge", Record("ack")));

        await router.RouteAsync(Turn(Fixture("invoke-action-execute")));
        await router.RouteAsync(Turn(Fixture("message-action-submit") with { Value = JsonDocument.Parse("""{"verb":"INCIDENT.ACKNOWLEDGE"}""").RootElement }));

        Assert.Equal(["ack", "ack"], _calls);
    }

    [Fact]
    public async Task Route_LongerCommandWins_AndWordBoundaryRequired()
    {
        var router = Router(r => r.OnCommand("log", Record("log")).OnCommand("log incident", Record("log incident")).OnUnmatchedText(Record("other")));

        await router.RouteAsync(Turn(Fixture("message-personal")));
        await router.RouteAsync(Turn(Fixture("message-personal") with { Text = "logbook" }));
        await router.RouteAsync(Turn(Fixture("message-personal") with { Text = "LOG   something" }));

        Assert.Equal(["log incident", "other", "log"], _calls);
    }

    [Fact]
    public async Task Route_ForgivingText_CommandRunsWithItsOwnWordsAndTheRest()
    {
        string? seen = null;
        var router = Router(r => r.OnCommand("team ideas", t =>
        {
            seen = t.Text;
            return Task.CompletedTask;
        }).OnUnmatchedText(Record("other")));

        await router.RouteAsync(Turn(Fixture("message-personal") with { Text = "Please show the Team Ideas: accepted" }));

        Assert.Equal("team ideas accepted", seen);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task Route_NearMiss_UnmatchedHandlerGetsTheSuggestionOfTheMainCommand()
    {
        string? suggested = null;
        var log = Record("log");
        var router = Router(r => r.OnCommand("log incident", log).OnPhrase("incident", log).OnUnmatchedText(t =>
        {
            suggested = t.SuggestedCommand;
            return Task.CompletedTask;
        }));

        await router.RouteAsync(Turn(Fixture("message-personal") with { Text = "incidnet" }));

        Assert.Equal("log incident", suggested);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task Route_ButtonThatRunsACommand_SubmitAndExecuteRunItAsTyped()
    {
        string? seen = null;
        var router = Router(r => r.OnCommand("leaderboard", t =>
        {
            seen = t.Text;
            _calls.Add("board");
            return Task.CompletedTask;
        }));
        var data = JsonDocument.Parse("""{"verb":"command.run","command":"leaderboard month"}""").RootElement;

        await router.RouteAsync(Turn(Fixture("message-action-submit") with { Value = data }));
        var answer = await router.RouteAsync(Turn(Fixture("invoke-action-execute") with
        {
            Value = JsonDocument.Parse("""{"action":{"type":"Action.Execute","verb":"command.run","data":{"command":"leaderboard month"}}}""").RootElement,
        }));

        Assert.Equal(["board", "board"], _calls);
        Assert.Equal("leaderboard month", seen);
        Assert.Equal(200, answer!.Status);
    }

    [Fact]
    public async Task Route_BareMention_GoesToUnmatchedText()
    {
        var router = Router(r => r.OnUnmatchedText(Record("home")));

        await router.RouteAsync(Turn(Fixture("message-channel-mention") with { Text = "<at>CxBot</at> " }));

        Assert.Equal(["home"], _calls);
    }

    [Fact]
    public void Commands_PhrasesAreNotListedAndCannotShareACommandsWords()
    {
        var router = Router(r => r.OnCommand("help", Record("help")).OnPhrase("hi", Record("hi")));

        Assert.Equal(["help"], router.Commands);
        Assert.Equal("hi", router.MatchCommand("Hi!"));
        Assert.Throws<InvalidOperationException>(() => Router(r => r.OnCommand("help", Record("1")).OnPhrase("HELP", Record("2"))));
    }

    [Fact]
    public async Task Route_InstallAndUninstall_ByConversationType()
    {
        var router = Router(r => r.OnInstall(ConversationTypes.Personal, Record("install")).OnUninstall(ConversationTypes.Personal, Record("uninstall")));

        await router.RouteAsync(Turn(Fixture("install-personal")));
        await router.RouteAsync(Turn(Fixture("uninstall-personal")));
        await router.RouteAsync(Turn(Fixture("install-team")));

        Assert.Equal(["install", "uninstall"], _calls);
    }

    [Fact]
    public async Task Route_InstallHandledByTwoFeatures_BothRunInRegistrationOrder()
    {
        var router = Router(
            r => r.OnInstall(ConversationTypes.Personal, Record("welcome")).OnUninstall(ConversationTypes.Personal, Record("welcome.bye")),
            r => r.OnInstall(ConversationTypes.Personal, Record("setup")).OnInstall(ConversationTypes.Channel, Record("setup.team")).OnUninstall(ConversationTypes.Personal, Record("setup.bye")));

        await router.RouteAsync(Turn(Fixture("install-personal")));
        await router.RouteAsync(Turn(Fixture("install-team")));
        await router.RouteAsync(Turn(Fixture("uninstall-personal")));

        Assert.Equal(["welcome", "setup", "setup.team", "welcome.bye", "setup.bye"], _calls);
    }

    [Fact]
    public async Task Route_UnknownInvoke_501AndUnknownVerb_FriendlyError()
    {
        var router = Router();

        var unknownInvoke = await router.RouteAsync(Turn(Fixture("invoke-action-execute") with { Name = "task/fetch" }));
        var unknownVerb = await router.RouteAsync(Turn(Fixture("invoke-action-execute")));

        Assert.Equal(501, unknownInvoke!.Status);
        Assert.Equal(200, unknownVerb!.Status);
        Assert.Equal(400, unknownVerb.Body!["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Route_InvokeHandlerWithoutAnswer_Returns200()
    {
        var router = Router(r => r.OnVerb("incident.view", Record("view")));

        var answer = await router.RouteAsync(Turn(Fixture("invoke-refresh-automatic")));

        Assert.Equal(200, answer!.Status);
        Assert.Equal(["view"], _calls);
    }

    [Fact]
    public async Task Route_OtherActivityType_ToItsHandlerOrIgnored()
    {
        var router = Router(r => r.OnActivity(ActivityTypes.MessageReaction, Record("reaction")));

        await router.RouteAsync(Turn(Fixture("reaction-like")));
        var ignored = await router.RouteAsync(Turn(Fixture("member-added-to-team")));

        Assert.Null(ignored);
        Assert.Equal(["reaction"], _calls);
    }

    [Fact]
    public async Task Route_MemberEventObservedByTwoFeatures_BothRunInRegistrationOrder()
    {
        var router = Router(
            r => r.OnActivity(ActivityTypes.ConversationUpdate, Record("setup.members")),
            r => r.OnActivity(ActivityTypes.ConversationUpdate, Record("people.roster")));

        await router.RouteAsync(Turn(Fixture("member-added-to-team")));

        Assert.Equal(["setup.members", "people.roster"], _calls);
    }

    private TurnHandler Record(string name) => _ =>
    {
        _calls.Add(name);
        return Task.CompletedTask;
    };

    private static ActivityRouter Router(params Action<BotRouteBuilder>[] modules) =>
        new(modules.Select(m => (IBotRoutes)new Module(m)), NullLogger<ActivityRouter>.Instance);

    private TurnContext Turn(Activity activity) => new(activity, _connector.Object, _ => { }, default);

    private static Activity Fixture(string name) =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "teams", name + ".json")), ProtocolJson.Default.Activity)!;

    private sealed class Module(Action<BotRouteBuilder> map) : IBotRoutes
    {
        public void Map(BotRouteBuilder routes) => map(routes);
    }
}
