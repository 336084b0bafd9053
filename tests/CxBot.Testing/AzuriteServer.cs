using System.Diagnostics;
using System.Text;
using CxBot.Storage;

namespace CxBot.Testing;

/// <summary>A real Azurite table service on a free loopback port, in memory, started from the repository's npm tools.</summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteServer(int port) => Port = port;

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
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new AzuriteServer(FreePort.Next());
        await server.StartProcessAsync(cancellationToken);
        return server;
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
        foreach (var arg in new[] { main, "--inMemoryPersistence", "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        if (!await FreePort.WaitForListenerAsync(Port, TimeSpan.FromSeconds(30), cancellationToken))
        {
            await StopAsync();
            throw new InvalidOperationException($"Azurite did not listen on port {Port} within 30 s. Output:\n{Output}");
        }
    }

    /// <summary>What Azurite printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
