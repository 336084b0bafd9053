using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CxBot.Testing;

/// <summary>
/// A Bot Connector stand-in that enforces Teams' limits (platform.md §4) the way Teams does, by refusing with 429 and
/// <c>Retry-After</c>: per app per tenant (<see cref="LimitedConnectorOptions.TenantPerSecond"/> in any one-second window)
/// and per conversation (7/1 s, 8/2 s, 60/30 s, 1,800/h). It records every message it accepts with its send key
/// (<c>channelData.cxSendKey</c>), counts each request it had to refuse for a limit (a breach: a well-behaved sender has
/// none), and injects faults on request: a share of 429s and 503s, slow answers, and connections dropped after the
/// message was accepted. A network between sender and service can be simulated: each request reaches the service after
/// <see cref="LimitedConnectorOptions.Latency"/> (± <see cref="LimitedConnectorOptions.Jitter"/>) and its answer takes as long
/// again, so the limits are checked at the moment the service would see the request. Answers <c>POST /v3/conversations/{id}/activities</c>, <c>PUT …/activities/{id}</c> and
/// <c>POST /v3/conversations</c>; loopback only.
/// </summary>
public sealed class LimitedConnector : IAsyncDisposable
{
    private static readonly (int Count, TimeSpan Length)[] ConversationWindows =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    private readonly LimitedConnectorOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<TimeSpan>> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<TimeSpan>> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AcceptedMessage> _accepted = new();
    private readonly Random _random;
    private LoopbackServer _server = null!;
    private int _ids;
    private int _breaches;
    private int _injected429;
    private int _injected503;
    private int _dropped;
    private int _updates;
    private int _created;
    private int _requests;

    private LimitedConnector(LimitedConnectorOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
    }

    /// <summary>The service URL to store in conversation references (ends with a slash).</summary>
    public string ServiceUrl => _server.BaseUrl + "connector/";

    /// <summary>The faults to inject from now on (they can change during a run).</summary>
    public LimitedConnectorFaults Faults { get; set; } = new();

    /// <summary>Every message accepted (POST to a conversation), in order.</summary>
    public IReadOnlyList<AcceptedMessage> Accepted => [.. _accepted];

    /// <summary>The fake's clock (the time base of <see cref="AcceptedMessage.At"/>).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>How many messages were accepted so far.</summary>
    public int AcceptedCount => _accepted.Count;

    /// <summary>Requests refused because they went over a limit (not counting injected faults).</summary>
    public int Breaches => Volatile.Read(ref _breaches);

    /// <summary>Every request that reached the service (accepted, refused for a limit, or refused by an injected fault).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Injected 429s, injected 503s, connections dropped after accepting, updates (PUT) and conversations created.</summary>
    public (int Injected429, int Injected503, int Dropped, int Updates, int Created) Counts =>
        (Volatile.Read(ref _injected429), Volatile.Read(ref _injected503), Volatile.Read(ref _dropped), Volatile.Read(ref _updates), Volatile.Read(ref _created));

    /// <summary>Starts one on a free loopback port.</summary>
    public static async Task<LimitedConnector> StartAsync(LimitedConnectorOptions? options = null)
    {
        var fake = new LimitedConnector(options ?? new LimitedConnectorOptions());
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted, within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAcceptedAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (_accepted.Count < count)
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Accepted messages per send key (a key seen more than once is a duplicate delivery).</summary>
    public Dictionary<string, int> CountBySendKey() =>
        _accepted.Where(m => m.SendKey is not null).GroupBy(m => m.SendKey!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private async Task HandleAsync(HttpContext http)
    {
        // The way there, then the arrival time, before the body is read: what a limit at the service's edge would see.
        await NetworkDelayAsync();
        var arrived = _clock.Elapsed;
        Interlocked.Increment(ref _requests);
        http.Response.OnStarting(NetworkDelayAsync);
        var path = http.Request.Path.Value ?? "";
        var at = path.IndexOf("/v3/conversations", StringComparison.Ordinal);
        if (at < 0)
        {
            http.Response.StatusCode = 404;
            return;
        }

        using var reader = new StreamReader(http.Request.Body);
        var body = JsonNode.Parse(await reader.ReadToEndAsync(http.RequestAborted) is { Length: > 0 } text ? text : "{}");
        var rest = path[(at + "/v3/conversations".Length)..].Trim('/');
        var parts = rest.Split('/');
        var method = http.Request.Method;
        var isCreate = method == HttpMethods.Post && rest.Length == 0;
        var isMessage = method == HttpMethods.Post && parts is [_, "activities"];
        var isUpdate = method == HttpMethods.Put && parts is [_, "activities", _];
        if (!isCreate && !isMessage && !isUpdate)
        {
            http.Response.StatusCode = 404;
            return;
        }

        var faults = Faults;
        if (Injected(faults) is { } injected)
        {
            http.Response.StatusCode = injected;
            if (injected == 429 && faults.RetryAfter429 is { } wait)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return;
        }

        var tenant = body?["conversation"]?["tenantId"]?.GetValue<string>() ?? body?["channelData"]?["tenant"]?["id"]?.GetValue<string>() ?? body?["tenantId"]?.GetValue<string>() ?? "default";
        var conversation = isCreate ? null : Uri.UnescapeDataString(parts[0]);
        if (!TryAdmit(tenant, conversation, arrived))
        {
            Interlocked.Increment(ref _breaches);
            http.Response.StatusCode = 429;
            http.Response.Headers.RetryAfter = "1";
            return;
        }

        var id = Interlocked.Increment(ref _ids);
        if (isCreate)
        {
            Interlocked.Increment(ref _created);
            await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = "a:limited-" + id });
            return;
        }

        if (isUpdate)
        {
            Interlocked.Increment(ref _updates);
            await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = Uri.UnescapeDataString(parts[2]) });
            return;
        }

        var activityId = "act-" + id;
        _accepted.Enqueue(new AcceptedMessage(arrived, tenant, conversation!, body?["channelData"]?["cxSendKey"]?.GetValue<string>(), activityId)
        {
            Summary = body?["summary"]?.GetValue<string>() ?? body?["text"]?.GetValue<string>(),
            Json = _options.KeepBodies ? body?.ToJsonString() : null,
        });
        if (faults.SlowShare > 0 && Draw() < faults.SlowShare)
        {
            await Task.Delay(faults.SlowDelay);
        }

        if (faults.DropShare > 0 && Draw() < faults.DropShare)
        {
            Interlocked.Increment(ref _dropped);
            http.Abort();
            return;
        }

        await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = activityId });
    }

    private int? Injected(LimitedConnectorFaults faults)
    {
        if (faults.Share429 <= 0 && faults.Share503 <= 0)
        {
            return null;
        }

        var draw = Draw();
        if (draw < faults.Share429)
        {
            Interlocked.Increment(ref _injected429);
            return 429;
        }

        if (draw < faults.Share429 + faults.Share503)
        {
            Interlocked.Increment(ref _injected503);
            return 503;
        }

        return null;
    }

    /// <summary>One way across the simulated network (nothing when no latency is set).</summary>
    private Task NetworkDelayAsync()
    {
        if (_options.Latency <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var jitter = _options.Jitter.TotalMilliseconds * ((2 * Draw()) - 1);
        return Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, _options.Latency.TotalMilliseconds + jitter)));
    }

    private double Draw()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>Admits the request if every window has room (and records it), else refuses it.</summary>
    private bool TryAdmit(string tenant, string? conversation, TimeSpan now)
    {
        lock (_gate)
        {
            var tenantLog = Log(_tenants, tenant, TimeSpan.FromSeconds(1), now);
            if (tenantLog.Count >= _options.TenantPerSecond)
            {
                return false;
            }

            Queue<TimeSpan>? conversationLog = null;
            if (conversation is not null)
            {
                conversationLog = Log(_conversations, conversation, TimeSpan.FromHours(1), now);
                var recent = conversationLog.ToArray();
                foreach (var (count, length) in ConversationWindows)
                {
                    if (recent.Count(t => t > now - length) >= count)
                    {
                        return false;
                    }
                }
            }

            tenantLog.Enqueue(now);
            conversationLog?.Enqueue(now);
            return true;
        }
    }

    private static Queue<TimeSpan> Log(Dictionary<string, Queue<TimeSpan>> logs, string key, TimeSpan keep, TimeSpan now)
    {
        if (!logs.TryGetValue(key, out var log))
        {
            log = new Queue<TimeSpan>();
            logs[key] = log;
        }

        while (log.Count > 0 && log.Peek() <= now - keep)
        {
            log.Dequeue();
        }

        return log;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>The limits of a <see cref="LimitedConnector"/> (the per-conversation windows are Teams' own and fixed).</summary>
public sealed record LimitedConnectorOptions
{
    /// <summary>Requests per tenant in any one-second window (Teams: 50 per app per tenant).</summary>
    public int TenantPerSecond { get; init; } = 50;

    /// <summary>Seed of the fault draws, so a run can be repeated.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Keep each accepted message's JSON (<see cref="AcceptedMessage.Json"/>), for tests that read what people got.</summary>
    public bool KeepBodies { get; init; }

    /// <summary>Each way across the simulated network: a request reaches the service this long after it left, and its answer takes as long again.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Each crossing takes <see cref="Latency"/> plus or minus up to this much (uniformly drawn).</summary>
    public TimeSpan Jitter { get; init; }
}

/// <summary>Faults a <see cref="LimitedConnector"/> injects: shares (0 to 1) of all requests.</summary>
public sealed record LimitedConnectorFaults
{
    /// <summary>Share answered 429 (Retry-After 1 s) without accepting.</summary>
    public double Share429 { get; init; }

    /// <summary>The <c>Retry-After</c> of an injected 429 (whole seconds); null sends none (Teams sometimes does not).</summary>
    public TimeSpan? RetryAfter429 { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Share answered 503 without accepting.</summary>
    public double Share503 { get; init; }

    /// <summary>Share of accepted messages answered after <see cref="SlowDelay"/>.</summary>
    public double SlowShare { get; init; }

    /// <summary>How slow a slow answer is.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of accepted messages whose connection is dropped before the answer (the sender cannot know it arrived).</summary>
    public double DropShare { get; init; }
}

/// <summary>One message the fake accepted: when (since it started), tenant, conversation, send key and the id it gave.</summary>
public sealed record AcceptedMessage(TimeSpan At, string Tenant, string ConversationId, string? SendKey, string ActivityId)
{
    /// <summary>The message's notification line (<c>summary</c>), else its text: what it was, for a benchmark's count.</summary>
    public string? Summary { get; init; }

    /// <summary>The message as sent, when <see cref="LimitedConnectorOptions.KeepBodies"/>.</summary>
    public string? Json { get; init; }
}
