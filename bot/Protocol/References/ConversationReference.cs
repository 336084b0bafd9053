namespace CxBot.Protocol.References;

/// <summary>Who or where a proactive message goes: a user's personal chat, or a team channel / group chat.</summary>
public sealed record ProactiveTarget(ProactiveTargetKind Kind, string TenantId, string Id)
{
    /// <summary>A user's personal chat with the bot, by Entra ID object id.</summary>
    public static ProactiveTarget User(string tenantId, string aadObjectId) => new(ProactiveTargetKind.User, tenantId, aadObjectId);

    /// <summary>A channel or group chat, by conversation id (a team's General channel id is the team id).</summary>
    public static ProactiveTarget Conversation(string tenantId, string conversationId) => new(ProactiveTargetKind.Conversation, tenantId, conversationId);
}

/// <summary>The kind of a <see cref="ProactiveTarget"/>.</summary>
public enum ProactiveTargetKind
{
    /// <summary>A personal chat.</summary>
    User,

    /// <summary>A channel or group chat.</summary>
    Conversation,
}

/// <summary>A stored conversation reference: enough to post without the original request.</summary>
public sealed record ConversationReference(
    ProactiveTarget Target,
    string ServiceUrl,
    string ConversationId,
    string? ChannelId,
    string? BotId,
    string? UserId,
    string? TeamId,
    bool Retired);

/// <summary>How a proactive send ended.</summary>
public enum ProactiveOutcome
{
    /// <summary>Posted.</summary>
    Sent,

    /// <summary>No reference is stored for the target (the app was never installed there).</summary>
    NoReference,

    /// <summary>The reference was retired (uninstalled, or blocked earlier).</summary>
    Retired,

    /// <summary>The connector answered 403 now; the reference is retired.</summary>
    Blocked,

    /// <summary>The conversation no longer exists.</summary>
    NotFound,
}

/// <summary>
/// The result of <see cref="IProactiveSender.SendProactiveAsync"/>. <see cref="Reference"/> is the reference it was sent
/// through, when sent (null from senders that do not say), so callers recording where it went need not read it again.
/// </summary>
public sealed record ProactiveResult(ProactiveOutcome Outcome, string? ActivityId = null, ConversationReference? Reference = null);
