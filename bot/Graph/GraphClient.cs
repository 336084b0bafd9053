using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CxBot.Graph;

/// <summary>
/// The Graph REST client: a typed <see cref="HttpClient"/> whose handlers retry and add the app-only token (see <c>GraphSetup</c>).
/// Its <see cref="HttpClient.BaseAddress"/> is <c>Graph:BaseUrl</c> with a trailing slash; collection pages are followed only on that host.
/// </summary>
internal sealed class GraphClient(HttpClient http, ILogger<GraphClient> logger) : IGraphClient
{
    private const string UserFields = "id,displayName,jobTitle,department,officeLocation,mail";
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public Task<GraphResult<GraphUser>> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        GetAsync($"users/{Seg(userId)}?$select={UserFields}", GraphJson.Default.GraphUser, cancellationToken);

    public Task<GraphResult<GraphUser>> GetManagerAsync(string userId, CancellationToken cancellationToken) =>
        GetAsync($"users/{Seg(userId)}/manager?$select={UserFields}", GraphJson.Default.GraphUser, cancellationToken);

    public Task<GraphResult<IReadOnlyList<GraphTeamsApp>>> FindCatalogAppsAsync(string externalId, CancellationToken cancellationToken) =>
        GetAllAsync($"appCatalogs/teamsApps?$filter={Filter("externalId", externalId)}", GraphJson.Default.GraphPageGraphTeamsApp, cancellationToken);

    public Task<GraphResult<IReadOnlyList<GraphAppInstallation>>> GetUserInstallationsAsync(string userId, string catalogAppId, CancellationToken cancellationToken) =>
        GetAllAsync($"users/{Seg(userId)}/teamwork/installedApps?$expand=teamsApp&$filter={Filter("teamsApp/id", catalogAppId)}", GraphJson.Default.GraphPageGraphAppInstallation, cancellationToken);

    public async Task<GraphResult<bool>> InstallForUserAsync(string userId, string catalogAppId, CancellationToken cancellationToken)
    {
        var bind = new Uri(http.BaseAddress!, "appCatalogs/teamsApps/" + Seg(catalogAppId)).ToString();
        var body = JsonSerializer.SerializeToUtf8Bytes(new GraphInstallRequest(bind), GraphJson.Default.GraphInstallRequest);
        var (outcome, _, code) = await SendAsync(HttpMethod.Post, $"users/{Seg(userId)}/teamwork/installedApps", body, cancellationToken);
        return new GraphResult<bool>(outcome, outcome == GraphOutcome.Ok, code);
    }

    public Task<GraphResult<GraphChat>> GetInstallationChatAsync(string userId, string installationId, CancellationToken cancellationToken) =>
        GetAsync($"users/{Seg(userId)}/teamwork/installedApps/{Seg(installationId)}/chat", GraphJson.Default.GraphChat, cancellationToken);

    private async Task<GraphResult<T>> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var (outcome, bytes, code) = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        return new GraphResult<T>(outcome, outcome == GraphOutcome.Ok ? Parse(bytes, type) : null, code);
    }

    private async Task<GraphResult<IReadOnlyList<T>>> GetAllAsync<T>(string path, JsonTypeInfo<GraphPage<T>> type, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = path;
        while (next is not null)
        {
            var (outcome, bytes, code) = await SendAsync(HttpMethod.Get, next, null, cancellationToken);
            if (outcome != GraphOutcome.Ok)
            {
                return new GraphResult<IReadOnlyList<T>>(outcome, null, code);
            }

            var page = Parse(bytes, type);
            items.AddRange(page?.Value ?? []);
            next = OnSameHost(page?.NextLink);
        }

        return new GraphResult<IReadOnlyList<T>>(GraphOutcome.Ok, items);
    }

    private async Task<(GraphOutcome Outcome, byte[] Body, string? ErrorCode)> SendAsync(HttpMethod method, string pathOrUrl, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(http.BaseAddress!, pathOrUrl));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Azure.Identity.AuthenticationFailedException or Azure.RequestFailedException
            && !cancellationToken.IsCancellationRequested)
        {
            Log.GraphUnreachable(logger, method.Method, ex.GetType().Name);
            throw new GraphException(0, null, ex);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (GraphOutcome.Ok, bytes, null);
            }

            var code = ErrorCode(bytes);
            var status = (int)response.StatusCode;
            Log.GraphFailed(logger, method.Method, status, code);
            return response.StatusCode switch
            {
                HttpStatusCode.NotFound => (GraphOutcome.NotFound, bytes, code),
                HttpStatusCode.Forbidden => (GraphOutcome.Forbidden, bytes, code),
                HttpStatusCode.Conflict => (GraphOutcome.Conflict, bytes, code),
                _ => throw new GraphException(status, code),
            };
        }
    }

    /// <summary>A next link is followed only on the configured Graph host, so a forged link cannot carry the token elsewhere.</summary>
    private string? OnSameHost(string? nextLink) =>
        nextLink is not null && Uri.TryCreate(nextLink, UriKind.Absolute, out var uri)
        && Uri.Compare(uri, http.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri.ToString()
            : null;

    private static T? Parse<T>(byte[] bytes, JsonTypeInfo<T> type)
    {
        if (bytes.Length == 0)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException ex)
        {
            throw new GraphException(200, "unreadableAnswer", ex);
        }
    }

    private static string? ErrorCode(byte[] bytes)
    {
        try
        {
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, GraphJson.Default.GraphErrorBody)?.Error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An OData equality filter, the value quoted (single quotes doubled) and URL-escaped.</summary>
    private static string Filter(string property, string value) => Uri.EscapeDataString($"{property} eq '{value.Replace("'", "''", StringComparison.Ordinal)}'");

    private static string Seg(string value) => Uri.EscapeDataString(value);
}
