using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace CxBot.Testing;

/// <summary>
/// A fake Microsoft Graph (v1.0) on loopback answering with Graph's JSON shapes: users and managers (404
/// <c>Request_ResourceNotFound</c> when none), the Teams app catalog and per-user installations (paged with
/// <c>@odata.nextLink</c>), installs (201, 409, 403 by policy) and the installation's chat. Scripted faults (429 with
/// <c>Retry-After</c>, 503…) answer the next requests first.
/// </summary>
public sealed partial class FakeGraph : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, JsonObject> _users = new();
    private readonly ConcurrentDictionary<string, string> _managers = new();
    private readonly ConcurrentDictionary<string, string> _catalog = new(); // catalog id -> manifest id
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _installed = new(); // user -> installation id -> catalog id
    private readonly ConcurrentQueue<(int Status, string? RetryAfter, string Code)> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private LoopbackServer _server = null!;

    /// <summary>What to configure as <c>Graph:BaseUrl</c>.</summary>
    public string BaseUrl => _server.BaseUrl + "v1.0";

    /// <summary>Items per collection page (small, so paging is exercised).</summary>
    public int PageSize { get; set; } = 1;

    /// <summary>When true, every install answers 403 as an app permission policy does.</summary>
    public bool InstallsBlockedByPolicy { get; set; }

    /// <summary>When set, <c>@odata.nextLink</c> points at this root instead of the fake's own (a forged link).</summary>
    public string? NextLinkRoot { get; set; }

    /// <summary>Every request so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts one on a free port.</summary>
    public static async Task<FakeGraph> StartAsync()
    {
        var fake = new FakeGraph();
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>Adds or replaces a user, with their manager's id (none when null).</summary>
    public void AddUser(string id, string displayName, string? jobTitle = null, string? department = null, string? officeLocation = null, string? managerId = null)
    {
        _users[id] = new JsonObject
        {
            ["id"] = id,
            ["displayName"] = displayName,
            ["jobTitle"] = jobTitle,
            ["department"] = department,
            ["officeLocation"] = officeLocation,
            ["mail"] = displayName.Replace(' ', '.') + "@contoso.example",
        };
        if (managerId is null)
        {
            _managers.TryRemove(id, out _);
        }
        else
        {
            _managers[id] = managerId;
        }
    }

    /// <summary>Publishes an app in the tenant catalog.</summary>
    public void AddCatalogApp(string catalogId, string manifestId) => _catalog[catalogId] = manifestId;

    /// <summary>The installations of a catalog app for a user.</summary>
    public IReadOnlyList<string> InstallationsOf(string userId) => _installed.TryGetValue(userId, out var apps) ? [.. apps.Keys] : [];

    /// <summary>The next request gets this error instead of its answer.</summary>
    public void Enqueue(int status, string? retryAfter = null, string code = "TooManyRequests") => _script.Enqueue((status, retryAfter, code));

    /// <summary>How many requests had this method and a path containing <paramref name="pathPart"/>.</summary>
    public int Count(string method, string pathPart) => _requests.Count(r => r.Method == method && r.PathAndQuery.Contains(pathPart, StringComparison.Ordinal));

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var request = http.Request;
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path + request.QueryString, request.Headers.Authorization.ToString(), body));
        if (_script.TryDequeue(out var fault))
        {
            if (fault.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = fault.RetryAfter;
            }

            await ErrorAsync(http, fault.Status, fault.Code, "Scripted fault.");
            return;
        }

        var segments = request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        await (segments switch
        {
            ["v1.0", "users", var id] => UserAsync(http, id),
            ["v1.0", "users", var id, "manager"] => ManagerAsync(http, id),
            ["v1.0", "appCatalogs", "teamsApps"] => CatalogAsync(http),
            ["v1.0", "users", var id, "teamwork", "installedApps"] when request.Method == HttpMethods.Post => InstallAsync(http, id, body),
            ["v1.0", "users", var id, "teamwork", "installedApps"] => InstalledAsync(http, id),
            ["v1.0", "users", var id, "teamwork", "installedApps", var installation, "chat"] => ChatAsync(http, id, installation),
            _ => ErrorAsync(http, 400, "BadRequest", "Unsupported by the fake."),
        });
    }

    private Task UserAsync(HttpContext http, string id) => _users.TryGetValue(id, out var user)
        ? http.Response.WriteAsJsonAsync(Entity("users/$entity", user))
        : NotFoundAsync(http, id);

    private Task ManagerAsync(HttpContext http, string id)
    {
        if (!_users.ContainsKey(id))
        {
            return NotFoundAsync(http, id);
        }

        return _managers.TryGetValue(id, out var managerId) && _users.TryGetValue(managerId, out var manager)
            ? http.Response.WriteAsJsonAsync(Entity("directoryObjects/$entity", manager, "#microsoft.graph.user"))
            : ErrorAsync(http, 404, "Request_ResourceNotFound", "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
    }

    private Task CatalogAsync(HttpContext http)
    {
        var externalId = FilterValue(http);
        var apps = _catalog.Where(a => a.Value == externalId).OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => (JsonNode)new JsonObject { ["id"] = a.Key, ["externalId"] = a.Value, ["displayName"] = "CxBot", ["distributionMethod"] = "organization" });
        return PageAsync(http, "appCatalogs/teamsApps", [.. apps]);
    }

    private Task InstalledAsync(HttpContext http, string userId)
    {
        if (!_users.ContainsKey(userId))
        {
            return NotFoundAsync(http, userId);
        }

        var catalogId = FilterValue(http);
        var apps = InstalledFor(userId).Where(i => i.Value == catalogId).OrderBy(i => i.Key, StringComparer.Ordinal)
            .Select(i => (JsonNode)new JsonObject { ["id"] = i.Key, ["teamsApp"] = new JsonObject { ["id"] = i.Value, ["externalId"] = _catalog.GetValueOrDefault(i.Value), ["displayName"] = "CxBot" } });
        return PageAsync(http, $"users('{userId}')/teamwork/installedApps(teamsApp())", [.. apps]);
    }

    private async Task InstallAsync(HttpContext http, string userId, string body)
    {
        var bind = JsonNode.Parse(body)?["teamsApp@odata.bind"]?.GetValue<string>() ?? "";
        var catalogId = Uri.UnescapeDataString(bind[(bind.LastIndexOf('/') + 1)..]);
        if (!_users.ContainsKey(userId))
        {
            await NotFoundAsync(http, userId);
        }
        else if (InstallsBlockedByPolicy)
        {
            await ErrorAsync(http, 403, "Forbidden", "App installation is blocked by an app permission policy.");
        }
        else if (!_catalog.ContainsKey(catalogId) || !bind.StartsWith(BaseUrl + "/appCatalogs/teamsApps/", StringComparison.Ordinal))
        {
            await ErrorAsync(http, 400, "BadRequest", "Invalid teamsApp@odata.bind.");
        }
        else if (InstalledFor(userId).Values.Contains(catalogId))
        {
            await ErrorAsync(http, 409, "Conflict", "App is already installed.");
        }
        else
        {
            InstalledFor(userId)[Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(userId + "##" + catalogId))] = catalogId;
            http.Response.StatusCode = 201;
        }
    }

    /// <summary>The chat of an installation; the id has the real shape of a user-bot chat.</summary>
    private Task ChatAsync(HttpContext http, string userId, string installationId) => InstalledFor(userId).ContainsKey(installationId)
        ? http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["@odata.context"] = BaseUrl + "/$metadata#chats/$entity",
            ["id"] = $"19:{userId}_{installationId.Length}@unq.gbl.spaces",
            ["topic"] = null,
            ["chatType"] = "oneOnOne",
            ["createdDateTime"] = "2026-01-05T09:00:00Z",
        })
        : NotFoundAsync(http, installationId);

    private ConcurrentDictionary<string, string> InstalledFor(string userId) => _installed.GetOrAdd(userId, _ => new());

    private Task PageAsync(HttpContext http, string context, IReadOnlyList<JsonNode> items)
    {
        var skip = int.TryParse(http.Request.Query["$skiptoken"], out var s) ? s : 0;
        var page = new JsonObject { ["@odata.context"] = BaseUrl + "/$metadata#" + context, ["value"] = new JsonArray([.. items.Skip(skip).Take(PageSize).Select(i => i.DeepClone())]) };
        if (skip + PageSize < items.Count)
        {
            var query = string.Join('&', http.Request.Query.Where(q => q.Key != "$skiptoken").Select(q => q.Key + "=" + Uri.EscapeDataString(q.Value.ToString())));
            page["@odata.nextLink"] = $"{NextLinkRoot ?? BaseUrl}{http.Request.Path.Value![5..]}?{query}&$skiptoken={skip + PageSize}";
        }

        return http.Response.WriteAsJsonAsync(page);
    }

    private JsonObject Entity(string context, JsonObject value, string? type = null)
    {
        var entity = new JsonObject { ["@odata.context"] = BaseUrl + "/$metadata#" + context };
        if (type is not null)
        {
            entity["@odata.type"] = type;
        }

        foreach (var (key, node) in value)
        {
            entity[key] = node?.DeepClone();
        }

        return entity;
    }

    private static Task NotFoundAsync(HttpContext http, string id) =>
        ErrorAsync(http, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    private static Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject { ["date"] = "2026-01-05T09:00:00", ["request-id"] = Guid.NewGuid().ToString(), ["client-request-id"] = Guid.NewGuid().ToString() },
            },
        });
    }

    /// <summary>The quoted value of an OData <c>x eq '…'</c> filter ('' unescaped).</summary>
    private static string? FilterValue(HttpContext http) =>
        EqFilter().Match(http.Request.Query["$filter"].ToString()) is { Success: true } m ? m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal) : null;

    [GeneratedRegex(@"eq '((?:[^']|'')*)'")]
    private static partial Regex EqFilter();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
