using CxBot.Protocol.References;

namespace CxBot.Features.People;

/// <summary>A person, by Entra ID object id, with a display name when one is known.</summary>
internal sealed record Person(string AadObjectId, string? Name);

/// <summary>Where a manager answer came from.</summary>
internal enum ManagerSource
{
    /// <summary>No manager is known; see <see cref="ManagerAnswer.Reason"/>.</summary>
    None,

    /// <summary>The directory (Graph), fresh or within its time-to-live.</summary>
    Directory,

    /// <summary>The directory's last known answer, kept because Graph is unavailable now.</summary>
    DirectoryLastKnown,

    /// <summary>The managers of the person's team(s), because the directory has none (or Graph is off or unavailable).</summary>
    TeamManagers,
}

/// <summary>"Who is this person's manager": one or more managers and where they came from, or none and why.</summary>
internal sealed record ManagerAnswer(IReadOnlyList<Person> Managers, ManagerSource Source, string? Reason = null)
{
    public bool Found => Managers.Count > 0;
}

/// <summary>A team the person is in, with its site when setup gave it one.</summary>
internal sealed record TeamPlacement(string TeamId, string? TeamName, string? Site, bool IsManager);

/// <summary>Where the site came from.</summary>
internal enum SiteSource
{
    /// <summary>No site is known.</summary>
    None,

    /// <summary>The person's team.</summary>
    Team,

    /// <summary>The directory's office location (the team has no site).</summary>
    OfficeLocation,
}

/// <summary>"Which team and site is this person in", with what the directory says about them when Graph is on.</summary>
internal sealed record PlacementAnswer(
    IReadOnlyList<TeamPlacement> Teams,
    string? Site,
    SiteSource SiteSource,
    string? DisplayName,
    string? JobTitle,
    string? Department,
    string? Reason = null);

/// <summary>How a person can be reached.</summary>
internal enum ReachOutcome
{
    /// <summary>They have a personal conversation with the bot; send to <see cref="ReachAnswer.Target"/>.</summary>
    Reachable,

    /// <summary>The app was just installed for them and a conversation created; send to <see cref="ReachAnswer.Target"/>.</summary>
    Installed,

    /// <summary>A conversation was just created through a team roster they are in; send to <see cref="ReachAnswer.Target"/>.</summary>
    Created,

    /// <summary>They cannot be reached (recorded, with the reason); asking again before it expires gives the same answer.</summary>
    Unreachable,

    /// <summary>Graph or the connector is unavailable now; nothing was recorded, try later.</summary>
    TryLater,
}

/// <summary>"How do I reach this person": a proactive target, or why not.</summary>
/// <param name="Reference">The chat's reference when the answer read or created it, so a sender need not read it again.</param>
internal sealed record ReachAnswer(ReachOutcome Outcome, ProactiveTarget? Target, string? Reason = null, ConversationReference? Reference = null)
{
    public bool CanSend => Outcome is ReachOutcome.Reachable or ReachOutcome.Installed or ReachOutcome.Created;
}

/// <summary>The reasons a person is unreachable or an answer is missing (stable strings: stored in tables and shown to features).</summary>
internal static class PeopleReasons
{
    public const string NoManagerKnown = "no-manager-known";
    public const string NoManagerInDirectory = "no-manager-in-directory";
    public const string NotInAnyTeam = "not-in-any-team";
    public const string NoSiteKnown = "no-site-known";
    public const string GraphUnavailable = "graph-unavailable";
    public const string ProactiveInstallOff = "proactive-install-off";
    public const string InNoTeamWithTheBot = "in-no-team-with-the-bot";
    public const string AppNotInCatalog = "app-not-in-catalog";
    public const string InstallBlockedByPolicy = "install-blocked-by-policy";
    public const string UserNotFound = "user-not-found";
    public const string RemovedOrBlocked = "removed-or-blocked-the-bot";
    public const string ConversationRefused = "conversation-refused";
    public const string ChatNotFound = "chat-not-found";
    public const string ConnectorUnavailable = "connector-unavailable";

    /// <summary>A reason in words, to finish "… could not be reached: ".</summary>
    public static string InWords(string? reason) => reason switch
    {
        ProactiveInstallOff => "they have not opened a chat with CxBot, and installing it for them is turned off",
        InNoTeamWithTheBot => "they have not opened a chat with CxBot and are in no team that has CxBot",
        RemovedOrBlocked => "they removed or blocked CxBot",
        AppNotInCatalog => "CxBot is not in your organisation's app catalogue",
        InstallBlockedByPolicy => "your organisation's policy blocks installing CxBot for them",
        UserNotFound => "they are not in the directory",
        NoManagerKnown or NoManagerInDirectory => "no manager is known for them",
        GraphUnavailable or ConnectorUnavailable or ChatNotFound => "Teams was unavailable; try again later",
        ConversationRefused => "Teams refused to open a chat with them",
        _ => "they could not be reached",
    };
}
