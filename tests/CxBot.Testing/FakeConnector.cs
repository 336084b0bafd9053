using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CxBot.Testing;

/// <summary>A fake Bot Connector: records every request and answers with scripted faults (429, 503, 403…) before succeeding.</summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private LoopbackServer _server = null!;
    private int _ids;

    /// <summary>The service URL to put in activities (ends with a slash).</summary>
    public string ServiceUrl => _server.BaseUrl + "connector/";

    /// <summary>Every request so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts one on a free port.</summary>
    public static async Task<FakeConnector> StartAsync()
    {
        var fake = new FakeConnector();
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>The next request gets this answer instead of a success.</summary>
    public void Enqueue(int status, string? retryAfter = null, string? errorCode = null) => _script.Enqueue(new ScriptedAnswer(status, retryAfter, errorCode));

    /// <summary>Waits until at least <paramref name="count"/> requests arrived, within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_requests.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                return _requests.Count >= count;
            }
        }

        return true;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        _requests.Enqueue(new RecordedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, http.Request.Headers.Authorization.ToString(), body));
        _arrived.Release();
        if (_script.TryDequeue(out var answer))
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

        var id = Interlocked.Increment(ref _ids);
        await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = http.Request.Path.Value!.EndsWith("/v3/conversations", StringComparison.Ordinal) ? "a:fake-" + id : "act-" + id });
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed record ScriptedAnswer(int Status, string? RetryAfter, string? ErrorCode);
}

/// <summary>One request the fake received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization, string Body)
{
    /// <summary>The body as JSON.</summary>
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}
