using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Welcome;

/// <summary>Welcome cards on install (personal chat, team, group chat) and the help card for <c>help</c> and for text nothing else understood.</summary>
internal sealed class WelcomeRoutes(CardTemplates cards, IPeopleNames people, ILogger<WelcomeRoutes> logger) : IBotRoutes
{
    public const string HelpCommandText = "help";
    public const string ShowHelpVerb = "help.show";
    private const int MaxEchoedText = 200;

    /// <summary>The commands the help card lists; features add theirs here as they land.</summary>
    public static readonly IReadOnlyList<HelpCommand> Commands =
    [
        new(HelpCommandText, "Show what I can do."),
        new("setup", "Admins: the journey, standards, teams and admins. In a team's channel: that team's setup, for its managers."),
        new("post scorecards here", "Admins, in a channel: send weekly scorecards of chosen teams here."),
        new("idea", "Share an idea with your team: the problem, your proposal and its benefit."),
        new("my ideas", "Your ideas, where each stands and its votes."),
        new("team ideas", "Your team's ideas, top by votes; add a status (e.g. team ideas accepted) to filter."),
        new("log incident", "Log a service failure in a minute: what happened, how bad, whether the customer was recovered."),
        new("incident", "Same as \"log incident\"."),
        new("my incidents", "Your open incidents and where each one stands."),
        new("team incidents", "Managers: the open incidents of your teams; Export CSV on it sends the incidents of a date range as a file."),
        new("post incidents here", "Managers, in a team's channel: post the team's high and critical incidents here."),
        new("stop posting incidents", "Managers, in a team's channel: stop posting the team's incidents to a channel."),
        new("recognise", "Give a colleague a shout-out for a standard or company value."),
        new("kudos", "Same as recognise."),
        new("leaderboard", "Shout-out points for your team and the organisation: this week, month or quarter."),
        new("scorecard", "This week's standards scorecard so far: a manager's teams, or every team for leadership and admins."),
    ];

    /// <summary>The flows the personal welcome offers a button for.</summary>
    public static readonly IReadOnlyList<WelcomeAction> Flows =
        [new("Log an incident", Incidents.IncidentNames.Open), new("Share an idea", Ideas.IdeaNames.New), new("Thank someone", Recognition.RecognitionNames.ShowForm), new("My check-ins", Checkins.CheckinNames.ShowPreferences), new("What can I do?", ShowHelpVerb)];

    public void Map(BotRouteBuilder routes) => routes
        .OnInstall(ConversationTypes.Personal, WelcomePersonalAsync)
        .OnInstall(ConversationTypes.Channel, WelcomeTeamAsync)
        .OnInstall(ConversationTypes.GroupChat, WelcomeTeamAsync)
        .OnCommand(HelpCommandText, turn => HelpAsync(turn, unknownText: null))
        .OnUnmatchedText(turn => HelpAsync(turn, Truncate(turn.Text)))
        .OnVerb(ShowHelpVerb, ShowHelpAsync);

    private async Task WelcomePersonalAsync(TurnContext turn)
    {
        await turn.ReplyWithCardAsync(cards.Bind(WelcomeTemplates.Personal, new PersonalWelcomeData(turn.Activity.From?.Name, Flows)));
        Log.WelcomeSent(logger, ConversationTypes.Personal);
    }

    private async Task WelcomeTeamAsync(TurnContext turn)
    {
        // An install event may carry no name: the people record may know it; with no name the card thanks without a mention.
        var from = turn.Activity.From;
        var name = from?.Name;
        if (string.IsNullOrWhiteSpace(name) && turn.TenantId is { Length: > 0 } tenant && from?.AadObjectId is { Length: > 0 } aad)
        {
            var names = await people.GetNamesAsync(tenant, [aad], turn.CancellationToken);
            name = names.Knows(aad) ? names.Of(aad) : null;
        }

        var installer = from?.Id is { Length: > 0 } id && !string.IsNullOrWhiteSpace(name) ? new WelcomeInstaller(id, name.Trim()) : null;
        var type = turn.Activity.Conversation?.ConversationType;
        await turn.ReplyWithCardAsync(cards.Bind(WelcomeTemplates.Team, TeamWelcomeData.For(type, turn.Activity.ChannelData?.Team?.Name, installer)));
        Log.WelcomeSent(logger, turn.Activity.Conversation?.ConversationType ?? "");
    }

    private async Task HelpAsync(TurnContext turn, string? unknownText)
    {
        await turn.ReplyWithCardAsync(HelpCard(unknownText));
        Log.HelpSent(logger, unknownText is not null);
    }

    private async Task ShowHelpAsync(TurnContext turn)
    {
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            turn.Respond(InvokeResponse.Card(HelpCard(null)));
        }
        else
        {
            await turn.ReplyWithCardAsync(HelpCard(null));
        }

        Log.HelpSent(logger, false);
    }

    private System.Text.Json.Nodes.JsonObject HelpCard(string? unknownText) => cards.Bind(WelcomeTemplates.Help, new HelpData(Commands, unknownText));

    private static string? Truncate(string? text) => text is null || text.Length <= MaxEchoedText ? text : text[..MaxEchoedText] + "…";
}
