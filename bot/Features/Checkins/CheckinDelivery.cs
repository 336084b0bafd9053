using CxBot.Features.People;
using CxBot.Protocol.Sending;

namespace CxBot.Features.Checkins;

/// <summary>Whether a person-day's prompt reached the person.</summary>
internal enum CheckinDelivery
{
    /// <summary>
    /// The prompt (or its reminder) was posted to the person's chat, or they answered it. Also every row written before
    /// delivery was recorded: those were counted as reached then, so old weeks keep their figures.
    /// </summary>
    Delivered,

    /// <summary>The prompt is on its way: the send engine has not settled it yet.</summary>
    Pending,

    /// <summary>The prompt could not be delivered; <see cref="CheckinAnswer.NotReachedReason"/> says why.</summary>
    NotReached,
}

/// <summary>Why a prompt did not arrive (stored as the stable strings of <see cref="NotReachedReasons"/>).</summary>
internal enum NotReachedReason
{
    /// <summary>No chat with CxBot, and none could be opened: they never opened CxBot (and Teams would not open a chat for them).</summary>
    NeverOpened,

    /// <summary>They blocked CxBot or removed it (Teams answered 403, or their chat was retired as blocked).</summary>
    Blocked,

    /// <summary>The organisation's policy or app catalogue keeps CxBot from them.</summary>
    NotAllowed,

    /// <summary>The directory does not know them (they may have left).</summary>
    NotInDirectory,

    /// <summary>Their chat with CxBot no longer exists (Teams answered 404).</summary>
    ChatGone,

    /// <summary>Teams kept failing until the send engine gave up (or any reason not listed above).</summary>
    Failed,
}

/// <summary>
/// A person whose prompt did not arrive on one or more days of the week: <see cref="ByDay"/> holds each such local day with
/// its reason; <see cref="Reason"/> is that of the latest one (the person's situation now), <see cref="Days"/> how many.
/// </summary>
internal sealed record NotReachedPerson(string UserId, IReadOnlyDictionary<DateOnly, NotReachedReason> ByDay)
{
    /// <summary>The reason of the latest day the person was not reached.</summary>
    public NotReachedReason Reason => ByDay.Count == 0 ? NotReachedReason.Failed : ByDay.MaxBy(d => d.Key).Value;

    /// <summary>The days of the week the person was not reached.</summary>
    public int Days => ByDay.Count;

    /// <summary>The reason in a few words, to follow a name: "Cole Colleague (never opened CxBot)".</summary>
    public string Label => NotReachedReasons.Label(Reason);
}

/// <summary>How the send engine settled one person's prompt: delivered (<see cref="Reason"/> null) or not reached, and why.</summary>
internal sealed record DeliveryOutcome(string UserId, NotReachedReason? Reason)
{
    public static DeliveryOutcome Delivered(string userId) => new(userId, null);
}

/// <summary>The stable strings, the labels, and how the send engine's reasons map onto <see cref="NotReachedReason"/>.</summary>
internal static class NotReachedReasons
{
    /// <summary>The stable string stored for a reason (rows and summaries).</summary>
    public static string Code(NotReachedReason reason) => reason switch
    {
        NotReachedReason.NeverOpened => "never-opened",
        NotReachedReason.Blocked => "blocked",
        NotReachedReason.NotAllowed => "not-allowed",
        NotReachedReason.NotInDirectory => "not-in-directory",
        NotReachedReason.ChatGone => "chat-gone",
        _ => "failed",
    };

    /// <summary>The reason of a stored string; an unknown string is <see cref="NotReachedReason.Failed"/>.</summary>
    public static NotReachedReason Parse(string? code) => code switch
    {
        "never-opened" => NotReachedReason.NeverOpened,
        "blocked" => NotReachedReason.Blocked,
        "not-allowed" => NotReachedReason.NotAllowed,
        "not-in-directory" => NotReachedReason.NotInDirectory,
        "chat-gone" => NotReachedReason.ChatGone,
        _ => NotReachedReason.Failed,
    };

    /// <summary>The reason in a few words, to follow a person's name.</summary>
    public static string Label(NotReachedReason reason) => reason switch
    {
        NotReachedReason.NeverOpened => "never opened CxBot",
        NotReachedReason.Blocked => "blocked or removed CxBot",
        NotReachedReason.NotAllowed => "CxBot not allowed for them by policy",
        NotReachedReason.NotInDirectory => "not in the directory",
        NotReachedReason.ChatGone => "their chat with CxBot no longer exists",
        _ => "Teams failed to deliver it",
    };

    /// <summary>The reason behind a send engine's unreachable or failed recipient (its stable reason strings).</summary>
    public static NotReachedReason FromSend(string? reason) => reason switch
    {
        SendReasons.NoConversation or PeopleReasons.ProactiveInstallOff or PeopleReasons.InNoTeamWithTheBot or PeopleReasons.ConversationRefused => NotReachedReason.NeverOpened,
        SendReasons.Blocked or SendReasons.Retired => NotReachedReason.Blocked,
        PeopleReasons.AppNotInCatalog or PeopleReasons.InstallBlockedByPolicy => NotReachedReason.NotAllowed,
        PeopleReasons.UserNotFound => NotReachedReason.NotInDirectory,
        SendReasons.NotFound => NotReachedReason.ChatGone,
        _ => NotReachedReason.Failed,
    };
}
