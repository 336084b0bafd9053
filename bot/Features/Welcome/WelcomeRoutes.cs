using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Protocol.Routing;
using CxBot.Protocol.Sending;

namespace CxBot.Features.Welcome;

/// <summary>
/// How CxBot talks: welcome cards on install (personal chat, team, group chat); the home card (buttons for what the caller's
/// role may do, each run as a new message so the home card stays) for <c>help</c>, greetings and a bare @mention; the list of
/// commands; "did you mean" for a near miss; and one short line with the home card's buttons for anything else.
/// Typed text is never echoed into a card that could be mistaken for a command, never evaluated and never logged.
/// </summary>
internal sealed class WelcomeRoutes(CardTemplates cards, IPeopleNames people, WelcomeRoles roles, IOutbox outbox, ILogger<WelcomeRoutes> logger) : IBotRoutes
{
    /// <summary>The kind of message a welcome is in the send engine (its jobs, logs and the count of welcomes that never arrived).</summary>
    public const string WelcomeKind = "welcome";

    public const string PersonalTitle = "Welcome to CxBot";

    public const string HelpCommandText = WelcomeMenu.HelpCommand;
    public const string ShowHelpVerb = "help.show";

    public const string FallbackLine = "I didn't catch that. Here is what I can do:";
    public const string HomeHeading = "What would you like to do?";
    public const string HomeLine = "Pick a button, or type what you need, for example **log incident** or **my ideas**.";
    public const string EmojiReply = "Got it! Type **help** whenever you need me.";
    public const string CommandsLine = "Any case or spelling works, and so does \"please\". In a channel, @mention me first.";

    /// <summary>Greetings: the home card, saying hi by name.</summary>
    public static readonly IReadOnlyList<string> Greetings =
        ["hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening"];

    /// <summary>Other words that bring the home card back, besides <c>help</c> and a bare @mention.</summary>
    public static readonly IReadOnlyList<string> MenuWords = ["menu", "start", "get started", "what can you do", "what can i do", "options"];

    /// <summary>The commands the help list shows (everyone's, managers' and admins'); the manifest's descriptions are these words.</summary>
    public static IReadOnlyList<HelpCommand> Commands => WelcomeMenu.Commands;

    public void Map(BotRouteBuilder routes)
    {
        routes
            .OnInstall(ConversationTypes.Personal, WelcomePersonalAsync)
            .OnInstall(ConversationTypes.Channel, WelcomeTeamAsync)
            .OnInstall(ConversationTypes.GroupChat, WelcomeTeamAsync)
            .OnCommand(HelpCommandText, MenuAsync)
            .OnPhrase(WelcomeMenu.CommandsPhrase, CommandsAsync)
            .OnUnmatchedText(UnmatchedAsync)
            .OnVerb(ShowHelpVerb, CommandsAsync);
        foreach (var greeting in Greetings)
        {
            routes.OnPhrase(greeting, GreetAsync);
        }

        foreach (var word in MenuWords)
        {
            routes.OnPhrase(word, MenuAsync);
        }
    }

    private async Task WelcomePersonalAsync(TurnContext turn)
    {
        var name = turn.Activity.From?.Name;
        var line = string.IsNullOrWhiteSpace(name)
            ? "I help you and your team keep our customer experience standards high, right here in Teams."
            : $"Hi {CardText.Clip(name.Trim(), 80)}, I help you and your team keep our customer experience standards high, right here in Teams.";
        var card = Home(PersonalTitle, line, showIntro: true, await roles.OfAsync(turn));
        await QueueAsync(turn, card, PersonalTitle);
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
        var data = TeamWelcomeData.For(type, turn.Activity.ChannelData?.Team?.Name, installer);
        await QueueAsync(turn, cards.Bind(WelcomeTemplates.Team, data), data.Title);
    }

    /// <summary>
    /// A welcome is bulk work (an app pushed to everyone installs it for thousands at once): queued durably and sent at the
    /// tenant's pace, as a reply to the install, so the install is answered at once and no welcome is lost.
    /// </summary>
    private async Task QueueAsync(TurnContext turn, JsonObject card, string summary)
    {
        var job = await outbox.QueueReplyAsync(turn, WelcomeKind, turn.Activity.CreateReply().WithCard(card) with { Summary = summary });
        var type = turn.Activity.Conversation?.ConversationType ?? "";
        if (job is null)
        {
            Log.WelcomeSent(logger, type);
        }
        else
        {
            Log.WelcomeQueued(logger, type);
        }
    }

    private Task MenuAsync(TurnContext turn) => HomeAsync(turn, HomeHeading, HomeLine, "menu");

    private Task GreetAsync(TurnContext turn)
    {
        var name = turn.Activity.From?.Name;
        var heading = string.IsNullOrWhiteSpace(name) ? "Hi!" : $"Hi {CardText.Clip(FirstName(name), 40)}!";
        return HomeAsync(turn, heading, "What would you like to do? Pick a button, or type what you need.", "greeting");
    }

    private async Task HomeAsync(TurnContext turn, string heading, string line, string kind)
    {
        await turn.ReplyWithCardAsync(Home(heading, line, showIntro: false, await roles.OfAsync(turn)));
        Log.Answered(logger, kind, turn.Text?.Length ?? 0);
    }

    private async Task CommandsAsync(TurnContext turn)
    {
        var card = cards.Bind(WelcomeTemplates.Help, new HelpData(CommandsLine, WelcomeMenu.CommandsFor(await roles.OfAsync(turn))));
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            // An old welcome card's "What can I do?" (Action.Execute): the list comes as a new message, the welcome card stays.
            await turn.ReplyWithCardAsync(card);
            turn.Respond(InvokeResponse.Message("Here is what you can type."));
        }
        else
        {
            await turn.ReplyWithCardAsync(card);
        }

        Log.Answered(logger, "commands", 0);
    }

    private async Task UnmatchedAsync(TurnContext turn)
    {
        var text = turn.Text ?? "";
        if (turn.SuggestedCommand is { } suggested)
        {
            var shown = Escaped(CardText.Clip(suggested, 60) ?? suggested);
            await turn.ReplyWithCardAsync(cards.Bind(WelcomeTemplates.Personal, new HomeData(
                "", $"Did you mean **{shown}**?", false,
                [new HomeGroup([WelcomeMenu.Run($"Yes: {shown}", suggested), WelcomeMenu.Run("Something else", HelpCommandText)])])));
            Log.Answered(logger, "did-you-mean", text.Length);
            return;
        }

        if (text.Length == 0)
        {
            await HomeAsync(turn, HomeHeading, HomeLine, "mention");
            return;
        }

        if (IsEmojiOnly(text))
        {
            await turn.ReplyAsync(EmojiReply);
            Log.Answered(logger, "emoji", text.Length);
            return;
        }

        await turn.ReplyWithCardAsync(Home("", FallbackLine, showIntro: false, await roles.OfAsync(turn)));
        Log.Answered(logger, "fallback", text.Length);
    }

    private JsonObject Home(string heading, string line, bool showIntro, Audience role) =>
        cards.Bind(WelcomeTemplates.Personal, new HomeData(heading, line, showIntro, WelcomeMenu.Buttons(role)));

    /// <summary>No letter or digit, and at least one emoji or symbol ("👍", "🙏🙏"); punctuation alone ("?") is not.</summary>
    private static bool IsEmojiOnly(string text)
    {
        var symbol = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                return false;
            }

            symbol |= Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.MathSymbol;
        }

        return symbol;
    }

    private static string FirstName(string name) => name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    // The suggestion carries what the user typed after the command: it sits in Markdown, so the characters that would turn it
    // into formatting or a link are left out of what is shown (the button still runs exactly what was suggested).
    private static string Escaped(string text) => new([.. text.Where(c => c is not ('*' or '_' or '[' or ']' or '(' or ')' or '`' or '\\' or '<' or '>' or '#'))]);
}
