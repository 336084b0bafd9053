namespace CxBot.Protocol.Connector;

/// <summary>The Bot Connector v3 REST API (platform.md §2). Every call checks the service URL against the allow-list first.</summary>
/// <remarks>Each method throws <see cref="ServiceUrlNotAllowedException"/> for a service URL off the allow-list and
/// <see cref="ConnectorException"/> when the connector fails after retries; 403 and 404 come back as results.</remarks>
public interface IConnectorClient
{
    /// <summary><c>POST /v3/conversations/{id}/activities</c>.</summary>
    Task<ConnectorResult<ResourceResponse>> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task<ConnectorResult<ResourceResponse>> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>PUT /v3/conversations/{id}/activities/{activityId}</c> (update a card in place).</summary>
    Task<ConnectorResult<ResourceResponse>> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task<ConnectorResult<bool>> DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary><c>POST /v3/conversations</c>: a 1:1 chat, or a new channel thread.</summary>
    Task<ConnectorResult<ConversationResourceResponse>> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken);

    /// <summary><c>GET /v3/conversations/{id}/pagedmembers</c>.</summary>
    Task<ConnectorResult<PagedMembersResult>> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary><c>GET /v3/conversations/{id}/members/{memberId}</c>: one member with name, email and Entra object id (member events carry only ids).</summary>
    Task<ConnectorResult<TeamsChannelAccount>> GetMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken);

    /// <summary><c>GET /v3/teams/{teamId}</c>.</summary>
    Task<ConnectorResult<TeamDetails>> GetTeamDetailsAsync(string serviceUrl, string teamId, CancellationToken cancellationToken);

    /// <summary><c>GET /v3/teams/{teamId}/conversations</c>.</summary>
    Task<ConnectorResult<ConversationList>> GetChannelsAsync(string serviceUrl, string teamId, CancellationToken cancellationToken);
}
