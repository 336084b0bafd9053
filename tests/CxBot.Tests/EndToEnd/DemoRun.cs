using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Testing;

namespace CxBot.Tests.EndToEnd;

/// <summary>
/// <c>npm start</c>'s demo (<c>bot/dev/demo.mjs</c>) run as a person runs it, on free loopback ports and a data folder of its
/// own, with the built bot: its Azurite, bot, Playgrounds and seeding. Stopped by closing its stdin, as Ctrl-C stops it.
/// </summary>
internal sealed partial class DemoRun : IAsyncDisposable
{
    private readonly ProcessOutput _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Process _process;

    private DemoRun(Process process) => _process = process;

    /// <summary>The ports asked for, in the order the demo gives them to its people.</summary>
    public required IReadOnlyList<int> PlaygroundPorts { get; init; }

    /// <summary>Everything the demo printed so far.</summary>
    public string Output => _output.ToString();

    /// <summary>Starts the demo with its data in <paramref name="dataDir"/> and waits until it says it is ready.</summary>
    public static async Task<DemoRun> StartAsync(string dataDir, TimeSpan timeout)
    {
        int[] playgrounds = [FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next()];
        var info = new ProcessStartInfo("node", [Path.Combine(RepoPaths.Root, "bot", "dev", "demo.mjs")])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DEMO_DATA"] = dataDir;
        info.Environment["DEMO_AZURITE_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        info.Environment["DEMO_BOT_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        info.Environment["DEMO_PLAYGROUND_PORTS"] = string.Join(',', playgrounds);
        info.Environment["DEMO_BOT_DLL"] = BotProcess.BotDll;
        info.Environment["DEMO_STOP_ON_STDIN_END"] = "1";
        var run = new DemoRun(Process.Start(info) ?? throw new InvalidOperationException("Could not start node.")) { PlaygroundPorts = playgrounds };
        run._process.OutputDataReceived += (_, e) => run.Read(e.Data);
        run._process.ErrorDataReceived += (_, e) => run.Read(e.Data);
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        run._process.EnableRaisingEvents = true;
        run._process.Exited += (_, _) => run._ready.TrySetException(new InvalidOperationException("The demo stopped before it was ready."));
        try
        {
            await run._ready.Task.WaitAsync(timeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            var output = run.Output;
            await run.DisposeAsync();
            throw new InvalidOperationException($"The demo was not ready within {timeout}: {ex.Message}\n{output}");
        }

        return run;
    }

    /// <summary>The "port → person" lines the demo printed: each Playground's URL and whose it is.</summary>
    public IReadOnlyList<(int Port, string Name)> WhoIsWho() =>
        [.. Output.Split('\n').Select(l => PortLine().Match(l)).Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture), m.Groups["name"].Value.Trim()))];

    /// <summary>A Playground's current user, tenant and other users, as its page shows them (<c>GET /_internal/v1/config</c>).</summary>
    public static async Task<JsonNode> ConfigAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return (await http.GetFromJsonAsync<JsonNode>($"http://127.0.0.1:{port}/_internal/v1/config"))!["config"]!;
    }

    /// <summary>The person of the Playground on <paramref name="port"/> types <paramref name="text"/> in their chat; returns the bot's messages there within <paramref name="wait"/> that <paramref name="until"/> accepts.</summary>
    public static async Task<IReadOnlyList<JsonNode>> TypeAsync(int port, string chat, string userId, string text, Func<IReadOnlyList<JsonNode>, bool> until, TimeSpan wait)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/_ws_conversation/v1/conversations/stream"), default);
        using (var http = new HttpClient())
        {
            var body = new JsonObject { ["from"] = new JsonObject { ["id"] = userId }, ["text"] = text, ["textFormat"] = "plain" };
            using var sent = await http.PostAsJsonAsync($"http://127.0.0.1:{port}/_conversation/v1/conversations/{Uri.EscapeDataString(chat)}/messages", body);
            sent.EnsureSuccessStatusCode();
        }

        List<JsonNode> messages = [];
        using var stop = new CancellationTokenSource(wait);
        var buffer = new byte[256 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!until(messages))
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    if (JsonNode.Parse(message.ToArray()) is { } e && e["actionConversationId"]?.ToString() == chat)
                    {
                        messages.Add(e);
                    }

                    message.SetLength(0);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // What came within the wait is the answer; the caller says what was missing.
        }

        return messages;
    }

    /// <summary>Stops the demo as Ctrl-C does (it stops what it started) and waits for it; kills what is left after 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Read(string? line)
    {
        _output.Add(line);
        if (line?.StartsWith("The demo is ready", StringComparison.Ordinal) == true)
        {
            _ready.TrySetResult();
        }
        else if (line?.StartsWith("The demo did not start", StringComparison.Ordinal) == true)
        {
            _ready.TrySetException(new InvalidOperationException(line));
        }
    }

    [GeneratedRegex(@"^\s+http://127\.0\.0\.1:(?<port>\d+)\s+(?<name>\S+ \S+)")]
    private static partial Regex PortLine();
}
