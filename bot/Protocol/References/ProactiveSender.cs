using CxBot.Protocol.Connector;

namespace CxBot.Protocol.References;

/// <summary>Sends to a user or channel from its stored reference; it never needs the original request.</summary>
public interface IProactiveSender
{
    /// <summary>Posts <paramref name="activity"/> to the target's conversation. A 403 retires the reference.</summary>
    /// <exception cref="ConnectorException">The connector failed after its retries.</exception>
    /// <exception cref="ServiceUrlNotAllowedException">The stored service URL is off the allow-list.</exception>
    Task<ProactiveResult> SendProactiveAsync(ProactiveTarget target, Activity activity, CancellationToken cancellationToken);

    /// <summary>As the other overload, to a reference the caller has just read, so it is not read again.</summary>
    Task<ProactiveResult> SendProactiveAsync(ConversationReference reference, Activity activity, CancellationToken cancellationToken);

    /// <summary>Replaces an activity posted earlier to the target's conversation (a card updated in place, no new message).</summary>
    /// <exception cref="ConnectorException">The connector failed after its retries.</exception>
    /// <exception cref="ServiceUrlNotAllowedException">The stored service URL is off the allow-list.</exception>
    Task<ProactiveResult> UpdateProactiveAsync(ProactiveTarget target, string activityId, Activity activity, CancellationToken cancellationToken);
}

/// <inheritdoc />
internal sealed class ProactiveSender(ConversationReferenceStore store, IConnectorClient connector, ILogger<ProactiveSender> logger) : IProactiveSender
{
    public Task<ProactiveResult> SendProactiveAsync(ProactiveTarget target, Activity activity, CancellationToken cancellationToken) =>
        SendOrUpdateAsync(target, null, activity, cancellationToken);

    public Task<ProactiveResult> SendProactiveAsync(ConversationReference reference, Activity activity, CancellationToken cancellationToken) =>
        SendOrUpdateAsync(reference, null, activity, cancellationToken);

    public Task<ProactiveResult> UpdateProactiveAsync(ProactiveTarget target, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendOrUpdateAsync(target, activityId, activity, cancellationToken);

    private async Task<ProactiveResult> SendOrUpdateAsync(ProactiveTarget target, string? activityId, Activity activity, CancellationToken cancellationToken) =>
        await store.GetAsync(target, cancellationToken) is { } reference
            ? await SendOrUpdateAsync(reference, activityId, activity, cancellationToken)
            : new ProactiveResult(ProactiveOutcome.NoReference);

    private async Task<ProactiveResult> SendOrUpdateAsync(ConversationReference reference, string? activityId, Activity activity, CancellationToken cancellationToken)
    {
        var target = reference.Target;
        if (reference.Retired)
        {
            return new ProactiveResult(ProactiveOutcome.Retired);
        }

        var outgoing = Outgoing(reference, activity, activityId);
        var result = activityId is null
            ? await connector.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, outgoing, cancellationToken)
            : await connector.UpdateActivityAsync(reference.ServiceUrl, reference.ConversationId, activityId, outgoing, cancellationToken);
        switch (result.Outcome)
        {
            case ConnectorOutcome.Ok:
                return new ProactiveResult(ProactiveOutcome.Sent, result.Value?.Id ?? activityId, reference);
            case ConnectorOutcome.Blocked:
                await store.RetireAsync(target, "blocked", cancellationToken);
                Log.ReferenceRetired(logger, target.Kind.ToString(), "blocked");
                return new ProactiveResult(ProactiveOutcome.Blocked);
            default:
                return new ProactiveResult(ProactiveOutcome.NotFound);
        }
    }

    /// <summary>The activity addressed to the reference's conversation, from the bot (also used by the send engine).</summary>
    internal static Activity Outgoing(ConversationReference reference, Activity activity, string? activityId) => activity with
    {
        Id = activityId ?? activity.Id,
        Type = activity.Type ?? ActivityTypes.Message,
        ServiceUrl = reference.ServiceUrl,
        ChannelId = reference.ChannelId,
        From = reference.BotId is null ? activity.From : new ChannelAccount { Id = reference.BotId },
        Conversation = new ConversationAccount { Id = reference.ConversationId, TenantId = reference.Target.TenantId },
    };
}
