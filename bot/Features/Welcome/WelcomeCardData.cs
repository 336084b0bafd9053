using System.Text.Json.Serialization;

namespace CxBot.Features.Welcome;

/// <summary>Template names (see <c>cards/welcome/</c> and <c>cards/help/</c>).</summary>
internal static class WelcomeTemplates
{
    public const string Personal = "welcome/personal";
    public const string Team = "welcome/team";
    public const string Help = "help/help";
}

/// <summary>
/// Data for <c>cards/welcome/personal.json</c>, the home card: a heading and a line (either may be empty), the features on
/// the first welcome, and rows of buttons that each run a command as if typed (so the home card stays where it is).
/// </summary>
internal sealed record HomeData(
    [property: JsonPropertyName("heading")] string Heading,
    [property: JsonPropertyName("line")] string Line,
    [property: JsonPropertyName("showIntro")] bool ShowIntro,
    [property: JsonPropertyName("groups")] IReadOnlyList<HomeGroup> Groups);

/// <summary>A row of home card buttons.</summary>
internal sealed record HomeGroup([property: JsonPropertyName("actions")] IReadOnlyList<HomeButton> Actions);

/// <summary>A home card button: <c>Action.Submit</c> with <paramref name="Verb"/> and the command it runs.</summary>
internal sealed record HomeButton(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("verb")] string Verb,
    [property: JsonPropertyName("command")] string Command);

/// <summary>
/// Data for <c>cards/welcome/team.json</c>, sent in a team's channel and in a group chat: its heading, where it is
/// ("this team" or "this chat"), whether it is a group chat (which says what happens there), and who added the app, when
/// both their Teams id and name are known (the card then mentions them).
/// </summary>
internal sealed record TeamWelcomeData(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("place")] string Place,
    [property: JsonPropertyName("inChat")] bool InChat,
    [property: JsonPropertyName("installer")] WelcomeInstaller? Installer)
{
    /// <summary>The welcome for a team (named when Teams sent its name) or a group chat.</summary>
    public static TeamWelcomeData For(string? conversationType, string? teamName, WelcomeInstaller? installer)
    {
        var inChat = conversationType == Protocol.ConversationTypes.GroupChat;
        var place = inChat ? "this chat" : "this team";
        var title = !inChat && !string.IsNullOrWhiteSpace(teamName) ? "CxBot has joined " + Cards.CardText.Clip(teamName.Trim(), 100) : "CxBot has joined " + place;
        return new TeamWelcomeData(title, place, inChat, installer);
    }
}

/// <summary>Who added the app (mentioned in the team welcome).</summary>
internal sealed record WelcomeInstaller([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("name")] string Name);

/// <summary>Data for <c>cards/help/help.json</c>: the commands the caller's role may use.</summary>
internal sealed record HelpData(
    [property: JsonPropertyName("line")] string Line,
    [property: JsonPropertyName("commands")] IReadOnlyList<HelpCommand> Commands);

/// <summary>A typed command, what it does, and who it is for.</summary>
internal sealed record HelpCommand(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonIgnore] Audience For = Audience.Everyone);

/// <summary>Who a command or button is shown to: admins see everything, managers what is for managers and everyone.</summary>
internal enum Audience
{
    Everyone,
    Managers,
    Admins,
}
