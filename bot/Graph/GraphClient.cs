using System.Net;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CxBot.Graph;

/// <summary>
/// <see cref="IGraphClient"/> on the Microsoft Graph SDK. <paramref name="http"/> is the typed client from <c>GraphSetup</c>:
/// its <see cref="HttpClient.BaseAddress"/> is <c>Graph:BaseUrl</c> and its handlers (<see cref="GraphRetryPolicy"/>, the
/// only retry policy) are the whole pipeline: the SDK's own middleware (its retry handler among them) is not added.
/// Tokens go to the configured Graph root only, and collection pages are followed only there.
/// </summary>
internal sealed class GraphClient : IGraphClient
{
    private static readonly string[] UserFields = ["id", "displayName", "jobTitle", "department", "officeLocation", "mail"];
    private readonly GraphServiceClient _graph;
    private readonly GraphTokenProvider _tokens;
    private readonly string _root;
    private readonly ILogger<GraphClient> _logger;

    public GraphClient(HttpClient http, GraphCredential credential, ILogger<GraphClient> logger)
    {
        var baseUrl = http.BaseAddress ?? throw new InvalidOperationException("The Graph HTTP client needs its BaseAddress (Graph:BaseUrl).");
        _root = baseUrl.ToString().TrimEnd('/');
        _tokens = new GraphTokenProvider(credential, baseUrl);
        _graph = new GraphServiceClient(new BaseGraphRequestAdapter(new BaseBearerTokenAuthenticationProvider(_tokens), httpClient: http) { BaseUrl = _root });
        _logger = logger;
    }

    public Task<GraphResult<GraphUser>> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        CallAsync("GET", async ct => ToUser(await _graph.Users[userId].GetAsync(c => c.QueryParameters.Select = UserFields, ct)), cancellationToken);

    public Task<GraphResult<GraphUser>> GetManagerAsync(string userId, CancellationToken cancellationToken) =>
        CallAsync("GET", async ct => ToUser(await _graph.Users[userId].Manager.GetAsync(c => c.QueryParameters.Select = UserFields, ct)), cancellationToken);

    public Task<GraphResult<IReadOnlyList<GraphTeamsApp>>> FindCatalogAppsAsync(string externalId, CancellationToken cancellationToken) =>
        CallAsync("GET", async ct =>
        {
            var apps = new List<GraphTeamsApp>();
            var page = await _graph.AppCatalogs.TeamsApps.GetAsync(c => c.QueryParameters.Filter = Equal("externalId", externalId), ct);
            while (page is not null)
            {
                apps.AddRange(page.Value?.Select(ToApp) ?? []);
                page = NextPage(page.OdataNextLink, apps.Count) is { } next ? await _graph.AppCatalogs.TeamsApps.WithUrl(next).GetAsync(cancellationToken: ct) : null;
            }

            return (IReadOnlyList<GraphTeamsApp>)apps;
        }, cancellationToken);

    public Task<GraphResult<IReadOnlyList<GraphAppInstallation>>> GetUserInstallationsAsync(string userId, string catalogAppId, CancellationToken cancellationToken) =>
        CallAsync("GET", async ct =>
        {
            var installations = new List<GraphAppInstallation>();
            var builder = _graph.Users[userId].Teamwork.InstalledApps;
            var page = await builder.GetAsync(
                c =>
                {
                    c.QueryParameters.Expand = ["teamsApp"];
                    c.QueryParameters.Filter = Equal("teamsApp/id", catalogAppId);
                },
                ct);
            while (page is not null)
            {
                installations.AddRange(page.Value?.Select(i => new GraphAppInstallation { Id = i.Id, TeamsApp = i.TeamsApp is null ? null : ToApp(i.TeamsApp) }) ?? []);
                page = NextPage(page.OdataNextLink, installations.Count) is { } next ? await builder.WithUrl(next).GetAsync(cancellationToken: ct) : null;
            }

            return (IReadOnlyList<GraphAppInstallation>)installations;
        }, cancellationToken);

    public async Task<GraphResult<bool>> InstallForUserAsync(string userId, string catalogAppId, CancellationToken cancellationToken)
    {
        var install = new UserScopeTeamsAppInstallation
        {
            AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = $"{_root}/appCatalogs/teamsApps/{Uri.EscapeDataString(catalogAppId)}" },
        };
        var result = await CallAsync("POST", async ct => (object?)await _graph.Users[userId].Teamwork.InstalledApps.PostAsync(install, cancellationToken: ct), cancellationToken);
        return new GraphResult<bool>(result.Outcome, result.IsOk, result.ErrorCode);
    }

    public Task<GraphResult<GraphChat>> GetInstallationChatAsync(string userId, string installationId, CancellationToken cancellationToken) =>
        CallAsync("GET", async ct => await _graph.Users[userId].Teamwork.InstalledApps[installationId].Chat.GetAsync(cancellationToken: ct) is { } chat
            ? new GraphChat { Id = chat.Id, ChatType = ChatTypeName(chat.ChatType) }
            : null, cancellationToken);

    /// <summary>
    /// Runs one SDK call and turns its failures into <see cref="IGraphClient"/>'s outcomes: 404, 403 and 409 are outcomes;
    /// any other error answer (after <see cref="GraphRetryPolicy"/>'s retries) throws <see cref="GraphException"/> with
    /// its status and Graph's code; an answer the SDK cannot read throws it with <c>unreadableAnswer</c>; no answer
    /// (refused, timed out, retries spent, no token) throws it with status 0.
    /// </summary>
    private async Task<GraphResult<T>> CallAsync<T>(string method, Func<CancellationToken, Task<T?>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return new GraphResult<T>(GraphOutcome.Ok, await call(cancellationToken));
        }
        catch (ApiException ex) when (ex.ResponseStatusCode is >= 200 and < 300)
        {
            // Graph answered, but the SDK could not read the answer.
            throw new GraphException(ex.ResponseStatusCode, "unreadableAnswer", ex);
        }
        catch (ApiException ex) when (ex.ResponseStatusCode > 0)
        {
            var code = (ex as ODataError)?.Error?.Code;
            Log.GraphFailed(_logger, method, ex.ResponseStatusCode, code);
            return (HttpStatusCode)ex.ResponseStatusCode switch
            {
                HttpStatusCode.NotFound => new GraphResult<T>(GraphOutcome.NotFound, null, code),
                HttpStatusCode.Forbidden => new GraphResult<T>(GraphOutcome.Forbidden, null, code),
                HttpStatusCode.Conflict => new GraphResult<T>(GraphOutcome.Conflict, null, code),
                _ => throw new GraphException(ex.ResponseStatusCode, code, ex),
            };
        }
        catch (Exception ex) when (IsNoAnswer(ex) && !cancellationToken.IsCancellationRequested)
        {
            Log.GraphUnreachable(_logger, method, ex.GetType().Name);
            throw new GraphException(0, null, ex);
        }
    }

    /// <summary>
    /// No answer from Graph: refused or reset connections, an attempt timeout, a token that could not be had, and the
    /// <see cref="AggregateException"/> a retry loop throws once its attempts are spent (Azure.Core's, under the credential).
    /// </summary>
    private static bool IsNoAnswer(Exception ex) => ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or OperationCanceledException
        or Azure.Identity.AuthenticationFailedException or Azure.RequestFailedException or ApiException
        || (ex is AggregateException all && all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsNoAnswer));

    /// <summary>The next page's link when it is on the configured Graph root; a link elsewhere is not followed (nor given a token) and the list stops.</summary>
    private string? NextPage(string? nextLink, int itemsSoFar)
    {
        if (nextLink is null)
        {
            return null;
        }

        if (Uri.TryCreate(nextLink, UriKind.Absolute, out var uri) && _tokens.IsGraph(uri))
        {
            return nextLink;
        }

        Log.GraphNextLinkRefused(_logger, itemsSoFar);
        return null;
    }

    private static GraphUser? ToUser(DirectoryObject? found) => found switch
    {
        User u => new GraphUser { Id = u.Id, DisplayName = u.DisplayName, JobTitle = u.JobTitle, Department = u.Department, OfficeLocation = u.OfficeLocation, Mail = u.Mail },
        // A manager that is not typed as a user (an organizational contact): the same fields, read by name.
        { } other => new GraphUser
        {
            Id = other.Id,
            DisplayName = Text(other, "displayName"),
            JobTitle = Text(other, "jobTitle"),
            Department = Text(other, "department"),
            OfficeLocation = Text(other, "officeLocation"),
            Mail = Text(other, "mail"),
        },
        null => null,
    };

    private static string? Text(DirectoryObject found, string name) => found.AdditionalData.TryGetValue(name, out var value) ? value as string : null;

    private static GraphTeamsApp ToApp(TeamsApp app) => new() { Id = app.Id, ExternalId = app.ExternalId, DisplayName = app.DisplayName };

    private static string? ChatTypeName(ChatType? type) => type switch
    {
        ChatType.OneOnOne => "oneOnOne",
        ChatType.Group => "group",
        ChatType.Meeting => "meeting",
        _ => null,
    };

    /// <summary>An OData equality filter, the value quoted (single quotes doubled); the SDK escapes it into the URL.</summary>
    private static string Equal(string property, string value) => $"{property} eq '{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
