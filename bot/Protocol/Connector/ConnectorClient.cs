using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CxBot.Http;

namespace CxBot.Protocol.Connector;

/// <summary>The connector client: a typed <see cref="HttpClient"/> whose handlers add the token and retry (see <c>ProtocolSetup</c>).</summary>
internal sealed class ConnectorClient(HttpClient http, ServiceUrlPolicy policy, ILogger<ConnectorClient> logger) : IConnectorClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public Task<ConnectorResult<ResourceResponse>> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{ConnectorPaths.Segment(conversationId, nameof(conversationId))}/activities", Body(activity, ProtocolJson.Default.Activity), ProtocolJson.Default.ResourceResponse, cancellationToken, (conversationId, TenantOf(activity)));

    public Task<ConnectorResult<ResourceResponse>> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{ConnectorPaths.Segment(conversationId, nameof(conversationId))}/activities/{ConnectorPaths.Segment(activityId, nameof(activityId))}", Body(activity, ProtocolJson.Default.Activity), ProtocolJson.Default.ResourceResponse, cancellationToken, (conversationId, TenantOf(activity)));

    public Task<ConnectorResult<ResourceResponse>> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{ConnectorPaths.Segment(conversationId, nameof(conversationId))}/activities/{ConnectorPaths.Segment(activityId, nameof(activityId))}", Body(activity with { Id = activityId }, ProtocolJson.Default.Activity), ProtocolJson.Default.ResourceResponse, cancellationToken, (conversationId, TenantOf(activity)));

    public async Task<ConnectorResult<bool>> DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        var result = await SendAsync<ResourceResponse>(HttpMethod.Delete, serviceUrl, $"v3/conversations/{ConnectorPaths.Segment(conversationId, nameof(conversationId))}/activities/{ConnectorPaths.Segment(activityId, nameof(activityId))}", null, null, cancellationToken);
        return new ConnectorResult<bool>(result.Outcome, result.IsOk, result.ErrorCode);
    }

    public Task<ConnectorResult<ConversationResourceResponse>> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, "v3/conversations", Body(parameters, ProtocolJson.Default.ConversationParameters), ProtocolJson.Default.ConversationResourceResponse, cancellationToken, (null, parameters.TenantId ?? parameters.ChannelData?.Tenant?.Id));

    public Task<ConnectorResult<PagedMembersResult>> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{ConnectorPaths.Segment(conversationId, nameof(conversationId))}/pagedmembers?pageSize={pageSize}" + (continuationToken is null ? "" : "&continuationToken=" + Esc(continuationToken)), null, ProtocolJson.Default.PagedMembersResult, cancellationToken);

    public Task<ConnectorResult<TeamsChannelAccount>> GetMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{ConnectorPaths.Segment(conversationId, nameof(conversationId))}/members/{ConnectorPaths.Segment(memberId, nameof(memberId))}", null, ProtocolJson.Default.TeamsChannelAccount, cancellationToken);

    public Task<ConnectorResult<TeamDetails>> GetTeamDetailsAsync(string serviceUrl, string teamId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, serviceUrl, $"v3/teams/{ConnectorPaths.Segment(teamId, nameof(teamId))}", null, ProtocolJson.Default.TeamDetails, cancellationToken);

    public Task<ConnectorResult<ConversationList>> GetChannelsAsync(string serviceUrl, string teamId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, serviceUrl, $"v3/teams/{ConnectorPaths.Segment(teamId, nameof(teamId))}/conversations", null, ProtocolJson.Default.ConversationList, cancellationToken);

    private async Task<ConnectorResult<T>> SendAsync<T>(HttpMethod method, string serviceUrl, string path, byte[]? body, JsonTypeInfo<T>? answer, CancellationToken cancellationToken, (string? Conversation, string? Tenant) budget = default)
        where T : class
    {
        if (!policy.IsAllowed(serviceUrl))
        {
            Log.ServiceUrlRefused(logger);
            throw new ServiceUrlNotAllowedException();
        }

        var baseUri = new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/");
        using var request = new HttpRequestMessage(method, new Uri(baseUri, path));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        ConnectorRequestTags.Tag(request, serviceUrl, budget.Conversation, budget.Tenant);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var value = answer is null || response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                ? null
                : await ReadAsync(response, answer, cancellationToken);
            return new ConnectorResult<T>(ConnectorOutcome.Ok, value);
        }

        var errorCode = await ErrorCodeAsync(response, cancellationToken);
        var status = (int)response.StatusCode;
        Log.ConnectorFailed(logger, method.Method, status, errorCode);
        return response.StatusCode switch
        {
            HttpStatusCode.Forbidden => new ConnectorResult<T>(ConnectorOutcome.Blocked, null, errorCode),
            HttpStatusCode.NotFound => new ConnectorResult<T>(ConnectorOutcome.NotFound, null, errorCode),
            _ => throw new ConnectorException(status, errorCode) { RetryAfter = RetryAfterHeader.Read(response) },
        };
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, answer);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, ProtocolJson.Default.ConnectorErrorResponse)?.Error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? TenantOf(Activity activity) => activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id;

    private static byte[] Body<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    private static string Esc(string value) => Uri.EscapeDataString(value);
}
