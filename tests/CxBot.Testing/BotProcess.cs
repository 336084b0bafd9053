using System.Diagnostics;

namespace CxBot.Testing;

/// <summary>
/// The built bot (<c>bot/bin/{configuration}/net10.0/CxBot.dll</c>) run as its own process with <c>dotnet</c>, in local
/// mode against a test Azurite, so a test can run several instances side by side and kill one (SIGKILL) or stop one
/// gracefully (SIGTERM).
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly ProcessOutput _output;
    private readonly Process _process;

    private BotProcess(Process process, int port, int outputLines)
    {
        _process = process;
        Port = port;
        _output = new ProcessOutput(outputLines);
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>The process id (it appears in the instance names the bot writes to leases and rows).</summary>
    public int Id => _process.Id;

    /// <summary>True while it runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>What it printed so far.</summary>
    public string Output => _output.ToString();

    /// <summary>The bot's build output used (the same configuration as the calling test or benchmark).</summary>
    public static string BotDll
    {
        get
        {
#if DEBUG
            const string Configuration = "Debug";
#else
            const string Configuration = "Release";
#endif
            return Path.Combine(RepoPaths.Root, "bot", "bin", Configuration, "net10.0", "CxBot.dll");
        }
    }

    /// <summary>Starts the bot in local mode on a free port with these settings (<c>Section:Key</c> names) and waits until it listens.</summary>
    public static Task<BotProcess> StartAsync(AzuriteServer azurite, string tablePrefix, params (string Key, string? Value)[] settings) =>
        StartAsync(azurite, tablePrefix, ProcessOutput.DefaultMaxLines, settings);

    /// <summary>As above, keeping the last <paramref name="outputLines"/> lines it prints (a benchmark that reads its log afterwards).</summary>
    public static async Task<BotProcess> StartAsync(AzuriteServer azurite, string tablePrefix, int outputLines, params (string Key, string? Value)[] settings)
    {
        var dll = BotDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The bot is not built ({dll} is missing).");
        }

        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        var all = new List<(string Key, string? Value)>
        {
            ("Urls", $"http://127.0.0.1:{port}"),
            ("ConnectionStrings:Storage", azurite.ConnectionString),
            ("Storage:TablePrefix", tablePrefix),
            ("Bot:AppId", ""),
            ("Logging:LogLevel:Default", "Warning"),
        };
        all.AddRange(settings);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in all)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var bot = new BotProcess(process, port, outputLines);
        bot._output.Attach(process);
        if (!await FreePort.WaitForListenerAsync(port, TimeSpan.FromSeconds(60), CancellationToken.None))
        {
            await bot.DisposeAsync();
            throw new InvalidOperationException($"The bot did not listen on port {port} within 60 s. Output:\n{bot.Output}");
        }

        return bot;
    }

    /// <summary>Kills it at once (SIGKILL): no clean-up, no lease released.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Asks it to stop (SIGTERM) and waits for it to exit; killed if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || !await SendTermAsync(_process.Id))
        {
            await KillAsync();
            return;
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }


    private static async Task<bool> SendTermAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
        if (kill is null)
        {
            return false;
        }

        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }
}
