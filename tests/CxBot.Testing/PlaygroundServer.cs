using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace CxBot.Testing;

/// <summary>
/// The real Microsoft 365 Agents Playground (npm <c>@microsoft/m365agentsplayground</c>) on a free loopback port, pointed at a bot,
/// driven over its HTTP API; the bot's replies are read from its WebSocket stream.
/// </summary>
public sealed class PlaygroundServer : IAsyncDisposable
{
    private readonly ProcessOutput _output = new();
    private readonly Channel<JsonNode> _stream = Channel.CreateUnbounded<JsonNode>();
    private readonly List<JsonNode> _seen = [];
    private readonly List<JsonNode> _answers = [];
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private Process? _process;
    private ClientWebSocket? _socket;
    private Task? _reader;

    private PlaygroundServer(int port)
    {
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    /// <summary>The playground's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The service URL the playground gives the bot.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}/_connector";

    /// <summary>Starts the playground for the bot at <paramref name="botEndpoint"/> and connects to its stream.</summary>
    public static Task<PlaygroundServer> StartAsync(Uri botEndpoint, CancellationToken cancellationToken = default) => StartAsync(botEndpoint, null, cancellationToken);

    /// <summary>
    /// Starts the playground with the config file at <paramref name="configPath"/> (its <c>.m365agentsplayground.yml</c>: tenant, current user, users,
    /// chats, team), or its built-in one when null; e.g. a second playground whose current user is another person of the same tenant.
    /// </summary>
    public static async Task<PlaygroundServer> StartAsync(Uri botEndpoint, string? configPath, CancellationToken cancellationToken = default)
    {
        var server = new PlaygroundServer(FreePort.Next());
        var cli = Path.Combine(RepoPaths.NodeModules, "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"The Agents Playground is not installed ({cli} is missing): run 'npm ci' in {RepoPaths.Root}.");
        }

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { cli, "start", "-e", botEndpoint.ToString(), "-p", server.Port.ToString(CultureInfo.InvariantCulture), "--service-url", server.ServiceUrl, "-c", "msteams", "--disable-telemetry" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        if (configPath is not null)
        {
            info.Environment["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = configPath;
        }
        info.Environment["NODE_OPTIONS"] = "--require " + Path.Combine(RepoPaths.Root, "bot", "dev", "loopback-only.cjs");
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node for the Agents Playground.");
        server._output.Attach(process);
        server._process = process;
        if (!await FreePort.WaitForListenerAsync(server.Port, TimeSpan.FromSeconds(30), cancellationToken))
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The Agents Playground did not listen on {server.Port}. Output:\n{server.Output}");
        }

        // The port can accept connections a moment before the stream endpoint does (a reset on the first upgrade): try again.
        for (var attempt = 1; ; attempt++)
        {
            server._socket = new ClientWebSocket();
            try
            {
                await server._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/_ws_conversation/v1/conversations/stream"), cancellationToken);
                break;
            }
            catch (WebSocketException) when (attempt < 5)
            {
                server._socket.Dispose();
                await FreePort.WaitForListenerAsync(server.Port, TimeSpan.FromSeconds(5), cancellationToken);
            }
            catch (WebSocketException ex)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"The Agents Playground's stream on {server.Port} did not open. Output:\n{server.Output}", ex);
            }
        }

        server._reader = server.ReadStreamAsync();
        return server;
    }

    /// <summary>The playground's mock tenant, users, chats and teams (<c>GET /_internal/v1/config</c>).</summary>
    public async Task<JsonNode> GetConfigAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<JsonNode>("_internal/v1/config", cancellationToken))!["config"]!;

    /// <summary>Installs the app in a conversation: the playground sends the installation activities to the bot.</summary>
    public async Task InstallAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync($"_debug/conversation/{Uri.EscapeDataString(conversationId)}/installation", new JsonObject(), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A user types <paramref name="text"/>.</summary>
    public async Task SendTextAsync(string conversationId, string userId, string text, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["from"] = new JsonObject { ["id"] = userId }, ["text"] = text, ["textFormat"] = "plain" };
        using var response = await _http.PostAsJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Teams says people joined <paramref name="teamId"/> (the Playground's "Mock an Activity &gt; Add user"), by ids only as Teams
    /// does. The Playground accepts it at once and delivers it to the bot afterwards: wait for its effect.
    /// </summary>
    public async Task AddTeamMembersAsync(string teamId, IEnumerable<(string Id, string AadObjectId)> members, CancellationToken cancellationToken = default)
    {
        var activity = await _http.GetFromJsonAsync<JsonObject>($"_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(teamId)}&type=userAdded", cancellationToken)
            ?? throw new InvalidOperationException("The Playground gave no member-added template.");
        activity["membersAdded"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject { ["id"] = m.Id, ["aadObjectId"] = m.AadObjectId })]);
        using var response = await _http.PostAsJsonAsync("_internal/v1/customActivities", activity, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sends an invoke (a card action) and returns the bot's invoke response as the playground relays it.</summary>
    public async Task<(int Status, JsonNode? Body)> InvokeAsync(JsonObject invoke, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("_conversation/v1/invoke", invoke, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
        if (body is not null)
        {
            lock (_answers)
            {
                _answers.Add(body);
            }
        }

        return ((int)response.StatusCode, body);
    }

    /// <summary>
    /// Every invoke answer so far: a card button's answer (the card that replaces it, or a message) comes back here, not on the
    /// stream, and the person sees it as much as anything streamed.
    /// </summary>
    public IReadOnlyList<JsonNode> Answers
    {
        get
        {
            lock (_answers)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>Waits for a stream event matching <paramref name="match"/> (earlier events count too).</summary>
    public async Task<JsonNode> WaitForAsync(Func<JsonNode, bool> match, TimeSpan timeout)
    {
        lock (_seen)
        {
            if (_seen.FirstOrDefault(match) is { } earlier)
            {
                return earlier;
            }
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await _stream.Reader.ReadAsync(cts.Token);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching stream event within {timeout}. Seen:\n{string.Join('\n', Seen.Select(s => s.ToJsonString()))}\nPlayground output:\n{Output}");
        }
    }

    /// <summary>Every stream event so far.</summary>
    public IReadOnlyList<JsonNode> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>What the playground printed.</summary>
    public string Output => _output.ToString();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket?.Abort();
        if (_reader is not null)
        {
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _socket?.Dispose();
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadStreamAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (_socket!.State == WebSocketState.Open)
        {
            var result = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray());
            message.SetLength(0);
            if (node is not null)
            {
                lock (_seen)
                {
                    _seen.Add(node);
                }

                await _stream.Writer.WriteAsync(node, _stop.Token);
            }
        }
    }

}
