namespace CxBot.Protocol.Routing;

/// <summary>Everything needed to post into a conversation later, without the original request.</summary>
public sealed record ConversationTarget(string ServiceUrl, string ConversationId, string? TenantId, string? ChannelId, ChannelAccount? Bot, ChannelAccount? User)
{
    /// <summary>The conversation an inbound activity came from.</summary>
    public static ConversationTarget From(Activity activity) =>
        new(activity.ServiceUrl ?? "", activity.Conversation?.Id ?? "", activity.TenantId(), activity.ChannelId, activity.Recipient, activity.From);

    /// <summary>A new message from the bot into this conversation.</summary>
    public Activity CreateMessage(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        From = Bot,
        Conversation = new ConversationAccount { Id = ConversationId, TenantId = TenantId },
        Text = text,
    };
}
