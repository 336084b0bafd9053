using CxBot.Protocol.References;

namespace CxBot.Protocol.Sending;

/// <summary>
/// Finds the conversation to post to for one recipient. The default reads the stored reference only; a feature that can
/// do more (install the app for a person, create the chat) registers its own.
/// </summary>
internal interface IRecipientResolver
{
    /// <summary>The reference to post to, or why not (unreachable for good, or try again later).</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<RecipientReach> ResolveAsync(ProactiveTarget target, CancellationToken cancellationToken);
}

/// <summary>How to reach a recipient: <see cref="Reference"/>, or a stable <see cref="Reason"/> (and whether to try later).</summary>
internal sealed record RecipientReach(ConversationReference? Reference, string? Reason = null, bool TryLater = false)
{
    public static RecipientReach Unreachable(string reason) => new(null, reason);
}

/// <summary>The stable reasons the engine itself gives.</summary>
internal static class SendReasons
{
    public const string NoConversation = "no-conversation";
    public const string Retired = "removed-or-blocked-the-bot";
    public const string Blocked = "blocked";
    public const string NotFound = "conversation-not-found";
    public const string ServiceUrlNotAllowed = "service-url-not-allowed";
    public const string OutcomeUnknown = "outcome-unknown";
}

/// <summary>The default: the stored conversation reference, or unreachable.</summary>
internal sealed class ReferenceResolver(ConversationReferenceStore references) : IRecipientResolver
{
    public async Task<RecipientReach> ResolveAsync(ProactiveTarget target, CancellationToken cancellationToken) =>
        await references.GetAsync(target, cancellationToken) switch
        {
            null => RecipientReach.Unreachable(SendReasons.NoConversation),
            { Retired: true } => RecipientReach.Unreachable(SendReasons.Retired),
            var reference => new RecipientReach(reference),
        };
}
