using System.Diagnostics;
using CxBot.Storage;

namespace CxBot.Testing;

/// <summary>A real Azurite table service on a free loopback port, in memory, started from the repository's npm tools.</summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private readonly ProcessOutput _output = new();
    private readonly int? _maxHeapMegabytes;
    private Process? _process;

    private AzuriteServer(int port, int? maxHeapMegabytes)
    {
        Port = port;
        _maxHeapMegabytes = maxHeapMegabytes;
    }

    /// <summary>The table port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The path-style endpoint, account included.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/{TableConnection.DevelopmentAccountName}");

    /// <summary>A connection string for this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={TableConnection.DevelopmentAccountName};AccountKey={TableConnection.DevelopmentAccountKey};TableEndpoint={Endpoint}";

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts Azurite on a free port and waits until it listens.</summary>
    public static Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(null, cancellationToken);

    /// <summary>
    /// Starts Azurite with a Node heap of up to <paramref name="maxHeapMegabytes"/> (<c>--max-old-space-size</c>; null: Node's
    /// default, about 4 GB), for data sets of a million entities and more, all held in memory.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(int? maxHeapMegabytes, CancellationToken cancellationToken = default)
    {
        var server = new AzuriteServer(FreePort.Next(), maxHeapMegabytes);
        await server.StartProcessAsync(cancellationToken);
        return server;
    }

    /// <summary>The most memory the Node process has held so far (its peak resident set), or null when it is not running.</summary>
    public long? PeakWorkingSet64
    {
        get
        {
            if (_process is not { HasExited: false } process)
            {
                return null;
            }

            process.Refresh();
            return process.PeakWorkingSet64;
        }
    }

    /// <summary>Starts the process again on the same port (data is not kept: in-memory).</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartProcessAsync(cancellationToken);

    /// <summary>Stops the process and waits until the port is closed.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
            _process = null;
        }

        await FreePort.WaitForNoListenerAsync(Port, TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var main = Path.Combine(RepoPaths.NodeModules, "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException($"Azurite is not installed ({main} is missing): run 'npm ci' in {RepoPaths.Root}.");
        }

        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_maxHeapMegabytes is { } heap)
        {
            info.ArgumentList.Add("--max-old-space-size=" + heap.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Extra Node options for a profiling run (e.g. "--prof"; the log lands in the working directory). Not set in tests.
        foreach (var arg in (Environment.GetEnvironmentVariable("CXBOT_AZURITE_NODE_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in new[] { main, "--inMemoryPersistence", "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry", "--silent" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        _output.Attach(process);
        _process = process;

        if (!await FreePort.WaitForListenerAsync(Port, TimeSpan.FromSeconds(30), cancellationToken))
        {
            await StopAsync();
            throw new InvalidOperationException($"Azurite did not listen on port {Port} within 30 s. Output:\n{Output}");
        }
    }

    /// <summary>What Azurite printed so far.</summary>
    public string Output => _output.ToString();

}
