namespace CxBot.Protocol.Connector;

/// <summary>
/// What a connector request is for, carried on the <see cref="HttpRequestMessage"/> so the handlers below the client can
/// draw it from its tenant's sending budget: the tenant, and the conversation it posts to (service URL and base id, the
/// key of that conversation's own windows).
/// </summary>
internal static class ConnectorRequestTags
{
    public static readonly HttpRequestOptionsKey<string> Tenant = new("CxBot.Tenant");

    public static readonly HttpRequestOptionsKey<string> Conversation = new("CxBot.Conversation");

    /// <summary>The key of a conversation's windows: the same for a reply, a proactive send and the send engine.</summary>
    public static string ConversationKey(string serviceUrl, string conversationId)
    {
        var at = conversationId.IndexOf(';', StringComparison.Ordinal);
        return serviceUrl + "|" + (at < 0 ? conversationId : conversationId[..at]);
    }

    /// <summary>Tags a request that posts <paramref name="activity"/> (its tenant from the conversation or the channel data).</summary>
    public static void Tag(HttpRequestMessage request, string serviceUrl, string? conversationId, string? tenantId)
    {
        if (string.IsNullOrEmpty(tenantId))
        {
            return;
        }

        request.Options.Set(Tenant, tenantId);
        request.Options.Set(Conversation, conversationId is null ? serviceUrl + "|" : ConversationKey(serviceUrl, conversationId));
    }
}
