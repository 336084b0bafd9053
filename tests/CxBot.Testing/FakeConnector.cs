using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CxBot.Testing;

/// <summary>A fake Bot Connector: records every request and answers with scripted faults (429, 503, 403…) before succeeding.</summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private const string ContinuationPrefix = "1:e2Rh+Zq/";
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<JsonObject> Members, int PageSize)> _rosters = new();
    private readonly ConcurrentDictionary<string, string> _teamNames = new();
    private LoopbackServer _server = null!;
    private int _ids;
    private int _received;
    private volatile bool _record = true;

    /// <summary>The service URL to put in activities (ends with a slash).</summary>
    public string ServiceUrl => _server.BaseUrl + "connector/";

    /// <summary>Every request so far, in order (only those received while <see cref="Record"/> was on).</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>
    /// Whether requests are kept for <see cref="Requests"/> (on by default). Long load runs turn it off, so the rig's own
    /// memory does not grow with every request; <see cref="Received"/> still counts them.
    /// </summary>
    public bool Record
    {
        get => _record;
        set => _record = value;
    }

    /// <summary>
    /// The one message the bot sent in answer to <paramref name="activity"/> (the request whose <c>replyToId</c> is the activity's id).
    /// Unlike <c>Requests[^1]</c>, it is not fooled by background work of an earlier turn that reaches the connector in between.
    /// </summary>
    public RecordedRequest ReplyTo(JsonObject activity)
    {
        var id = activity["id"]?.GetValue<string>() ?? throw new ArgumentException("The activity has no id.", nameof(activity));
        var replies = Requests.Where(r => r.Json is JsonObject body && body["replyToId"]?.GetValue<string>() == id).ToList();
        return replies.Count == 1 ? replies[0] : throw new InvalidOperationException($"{replies.Count} replies to activity {id}, not 1.");
    }

    /// <summary>How many requests arrived so far, recorded or not.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Starts one on a free port.</summary>
    public static async Task<FakeConnector> StartAsync()
    {
        var fake = new FakeConnector();
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    private readonly ConcurrentDictionary<string, bool> _refusedChats = new(StringComparer.Ordinal);

    /// <summary>Refuses (403) to create a 1:1 conversation with this member, as Teams does for someone it will not let the bot message.</summary>
    public void RefuseChatsWith(string memberId) => _refusedChats[memberId] = true;

    /// <summary>How long every answer takes (a network and a service that are not instant); zero by default.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The next request gets this answer instead of a success.</summary>
    public void Enqueue(int status, string? retryAfter = null, string? errorCode = null) => _script.Enqueue(new ScriptedAnswer(status, retryAfter, errorCode, TimeSpan.Zero));

    /// <summary>The next request is answered as usual, but only after <paramref name="delay"/> (a slow connector).</summary>
    public void EnqueueSlow(TimeSpan delay) => _script.Enqueue(new ScriptedAnswer(0, null, null, delay));

    /// <summary>
    /// Serves <c>GET …/v3/conversations/{id}/pagedmembers</c> for this conversation from <paramref name="members"/>, at most
    /// <paramref name="pageSize"/> per page (or the request's <c>pageSize</c> if smaller), with a continuation token between pages.
    /// </summary>
    public void SetRoster(string conversationId, IReadOnlyList<JsonObject> members, int pageSize) =>
        _rosters[conversationId] = (members, pageSize);

    /// <summary>Serves <c>GET …/v3/teams/{teamId}</c> (team details) with this name.</summary>
    public void SetTeamName(string teamId, string name) => _teamNames[teamId] = name;

    /// <summary>
    /// A roster member exactly as Teams returns it from <c>pagedmembers</c> and <c>members/{id}</c>: the Entra object id is
    /// <c>objectId</c> there (not <c>aadObjectId</c>, which only activities carry); <c>userRole</c> is owner, user or guest.
    /// </summary>
    public static JsonObject Member(string userId, string aadObjectId, string name, string role = "user") => new()
    {
        ["id"] = userId,
        ["name"] = name,
        ["objectId"] = aadObjectId,
        ["givenName"] = name.Split(' ')[0],
        ["email"] = name.Replace(' ', '.') + "@contoso.example",
        ["userPrincipalName"] = name.Replace(' ', '.') + "@contoso.example",
        ["tenantId"] = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f",
        ["userRole"] = role,
    };

    /// <summary>Waits until at least <paramref name="count"/> requests arrived, within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                return Received >= count;
            }
        }

        return true;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        if (_record)
        {
            _requests.Enqueue(new RecordedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, http.Request.Headers.Authorization.ToString(), body) { At = DateTimeOffset.UtcNow });
        }

        Interlocked.Increment(ref _received);
        _arrived.Release();
        if (_script.TryDequeue(out var answer) && answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay, CancellationToken.None);
        }
        else if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, CancellationToken.None);
        }

        if (answer is { Status: > 0 })
        {
            http.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = answer.RetryAfter;
            }

            if (answer.ErrorCode is not null)
            {
                await http.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = answer.ErrorCode, ["message"] = "scripted" } });
            }

            return;
        }

        if (http.Request.Method == "POST" && http.Request.Path.Value!.EndsWith("/v3/conversations", StringComparison.Ordinal)
            && JsonNode.Parse(body)?["members"]?[0]?["id"]?.ToString() is { } invited && _refusedChats.ContainsKey(invited))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = "BotNotInConversationRoster", ["message"] = "refused" } });
            return;
        }

        if (TeamDetailsOf(http.Request.Path.Value!) is { } details)
        {
            await http.Response.WriteAsJsonAsync(details);
            return;
        }

        if (MemberOf(http.Request.Path.Value!) is { } member)
        {
            if (member.Found is { } found)
            {
                await http.Response.WriteAsJsonAsync(found);
            }
            else
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                await http.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = "MemberNotFoundInConversation", ["message"] = "not a member" } });
            }

            return;
        }

        if (RosterOf(http.Request.Path.Value!) is { } roster)
        {
            await WriteRosterPageAsync(http, roster);
            return;
        }

        var id = Interlocked.Increment(ref _ids);
        await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = http.Request.Path.Value!.EndsWith("/v3/conversations", StringComparison.Ordinal) ? "a:fake-" + id : "act-" + id });
    }

    private JsonObject? TeamDetailsOf(string path)
    {
        const string Teams = "/v3/teams/";
        var at = path.IndexOf(Teams, StringComparison.Ordinal);
        var id = at < 0 ? null : Uri.UnescapeDataString(path[(at + Teams.Length)..]);
        return id is not null && _teamNames.TryGetValue(id, out var name)
            ? new JsonObject { ["id"] = id, ["name"] = name, ["aadGroupId"] = "0c2e4a6b-8d0f-4b2d-9f1a-3c5e7a9b1d3f" }
            : null;
    }

    private (IReadOnlyList<JsonObject> Members, int PageSize)? RosterOf(string path)
    {
        const string Suffix = "/pagedmembers";
        var at = path.IndexOf("/v3/conversations/", StringComparison.Ordinal);
        if (at < 0 || !path.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var start = at + "/v3/conversations/".Length;
        return _rosters.TryGetValue(Uri.UnescapeDataString(path[start..^Suffix.Length]), out var roster) ? roster : null;
    }

    /// <summary><c>GET …/v3/conversations/{id}/members/{memberId}</c> of a conversation with a roster: the member (by channel or object id), or none.</summary>
    private MemberAnswer? MemberOf(string path)
    {
        const string Conversations = "/v3/conversations/";
        const string Members = "/members/";
        var at = path.IndexOf(Conversations, StringComparison.Ordinal);
        var split = at < 0 ? -1 : path.IndexOf(Members, at + Conversations.Length, StringComparison.Ordinal);
        if (split < 0)
        {
            return null;
        }

        var conversation = Uri.UnescapeDataString(path[(at + Conversations.Length)..split]);
        var memberId = Uri.UnescapeDataString(path[(split + Members.Length)..]);
        if (!_rosters.TryGetValue(conversation, out var roster))
        {
            // Teams answers 404 for anyone it does not find in the conversation.
            return new MemberAnswer(null);
        }

        var found = roster.Members.FirstOrDefault(m => m["id"]?.ToString() == memberId || m["objectId"]?.ToString() == memberId);
        return new MemberAnswer((JsonObject?)found?.DeepClone());
    }

    private static Task WriteRosterPageAsync(HttpContext http, (IReadOnlyList<JsonObject> Members, int PageSize) roster)
    {
        var size = Math.Min(roster.PageSize, int.TryParse(http.Request.Query["pageSize"], out var asked) ? asked : int.MaxValue);
        var token = http.Request.Query["continuationToken"].ToString();
        var skip = token.StartsWith(ContinuationPrefix, StringComparison.Ordinal) ? int.Parse(token[ContinuationPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var page = new JsonObject { ["members"] = new JsonArray([.. roster.Members.Skip(skip).Take(size).Select(m => m.DeepClone())]) };
        if (skip + size < roster.Members.Count)
        {
            page["continuationToken"] = ContinuationPrefix + (skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return http.Response.WriteAsJsonAsync(page);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed record MemberAnswer(JsonObject? Found);

    private sealed record ScriptedAnswer(int Status, string? RetryAfter, string? ErrorCode, TimeSpan Delay);
}

/// <summary>One request the fake received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization, string Body)
{
    /// <summary>When it arrived (wall clock; for figures, never for assertions on time).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The body as JSON.</summary>
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}
