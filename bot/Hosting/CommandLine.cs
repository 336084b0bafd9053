using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;

namespace CxBot.Hosting;

/// <summary>
/// The bot's command-line mode (System.CommandLine), which never starts the web server: <c>setup export|import</c> moves a
/// tenant's setup (<see cref="SetupCommandLine"/>), <c>scorecard verify|rebuild|export</c> checks and rebuilds the scorecards'
/// rollups (<see cref="ScorecardCommandLine"/>), <c>manifest package</c> builds the Teams app package
/// (<see cref="ManifestCommandLine"/>); <c>--help</c> on each. No arguments, or only settings (<c>--urls …</c>), start the bot.
/// </summary>
internal static class CommandLine
{
    /// <summary>Done; for <c>scorecard verify</c>, no difference; for <c>manifest package</c>, the package is valid.</summary>
    public const int Done = 0;

    /// <summary>The setup file was refused, the rollups differ from the records, or the package is not valid.</summary>
    public const int Refused = 1;

    /// <summary>A usage, configuration, storage or file problem: an unknown command or option, a missing value, storage unreachable.</summary>
    public const int Problem = 2;

    /// <summary>Stopped by Ctrl-C (or asked to stop), the shells' code for an interrupted command.</summary>
    public const int Cancelled = 130;

    private const string RootDescription = """
        CxBot's commands for an IT admin. They run against the storage the bot uses (ConnectionStrings:Storage and Storage:*,
        from bot/appsettings.json, appsettings.{Environment}.json and environment variables such as ConnectionStrings__Storage)
        and never start the bot. Run a command with `dotnet run --project bot -- COMMAND` in the repository, or
        `dotnet CxBot.dll COMMAND` where CxBot is deployed; with no command, CxBot starts the bot.
        Exit codes: 0 done, 1 refused or differences found, 2 a usage, configuration or storage problem, 130 cancelled (Ctrl-C).
        """;

    /// <summary>Runs a command when <paramref name="args"/> name one; <c>false</c> means "start the bot".</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (!NamesACommand(args))
        {
            return false;
        }

        // Ctrl-C (SIGINT) and SIGTERM cancel the command's token instead of killing the process; a second one ends it at once.
        // Registered before the command starts: System.CommandLine's own handler is registered only after the command's first
        // await, so a Ctrl-C while the host was being built or storage first dialled ended the process without a word.
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            if (!stop.IsCancellationRequested)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        Environment.ExitCode = await InvokeAsync(args, CommandHost.Default, Console.Out, Console.Error, stop.Token);
        return true;
    }

    /// <summary>The exit code of the command <paramref name="args"/> name, or null when they name none (the bot starts).</summary>
    public static async Task<int?> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        NamesACommand(args) ? await InvokeAsync(args, CommandHost.Default, output, error, cancellationToken) : null;

    /// <summary>
    /// A first word names a command (a mistyped one gets a clear message, not the bot), and so do <c>--help</c>, <c>-h</c>
    /// and <c>-?</c>; settings (<c>--urls x</c>, <c>/urls x</c>, <c>urls=x</c>) and no arguments start the bot as always.
    /// </summary>
    public static bool NamesACommand(string[] args) =>
        args is [var first, ..] && (first is "--help" or "-h" or "-?" || !(first.StartsWith('-') || first.StartsWith('/') || first.Contains('=', StringComparison.Ordinal)));

    /// <summary>The command tree: <c>CxBot setup|scorecard|manifest …</c>, each with <c>--help</c>.</summary>
    public static Command Root(CommandHost host)
    {
        var help = new CommandHelp();
        var root = new Command("CxBot", RootDescription) { help.Option };
        root.Add(SetupCommandLine.Create(host, help));
        root.Add(ScorecardCommandLine.Create(host, help));
        root.Add(ManifestCommandLine.Create(host, help));
        return root;
    }

    /// <summary>
    /// Sets what <paramref name="command"/> does; a cancellation that reaches the work ends it with one plain line
    /// (<paramref name="whenCancelled"/> says what was and was not changed) and <see cref="Cancelled"/>, never a stack trace.
    /// </summary>
    public static void SetRun(this Command command, string whenCancelled, Func<ParseResult, TextWriter, TextWriter, CancellationToken, Task<int>> run)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                return await run(parse, parse.InvocationConfiguration.Output, error, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("Cancelled. " + whenCancelled);
                return Cancelled;
            }
        });
    }

    /// <summary>The <c>--tenant</c> option every tenant command takes.</summary>
    public static Option<string> TenantOption()
    {
        var tenant = new Option<string>("--tenant")
        {
            Description = "The tenant's directory id (Microsoft Entra tenant id, a GUID): the organisation whose data this is",
            HelpName = "TENANT-ID",
            Required = true,
        };
        tenant.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
            {
                r.AddError("--tenant needs a tenant id.");
            }
        });
        return tenant;
    }

    /// <summary>"1 team", "3 teams": a number with its noun, never "(s)".</summary>
    public static string Count(int n, string noun) => $"{n.ToString(System.Globalization.CultureInfo.InvariantCulture)} {(n == 1 ? noun : noun + "s")}";

    /// <summary>
    /// Runs the command <paramref name="args"/> name against <paramref name="host"/>; its exit code. Cancelling
    /// <paramref name="cancellationToken"/> is Ctrl-C: System.CommandLine's own signal handling stays off (the caller's is on first).
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, CommandHost host, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = Root(host);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not CommandHelp.Action)
        {
            // Every problem on its own line, then the usage of the command they concern (of CxBot itself for an unknown command).
            // Beside an unknown word, "Required command was not provided." says nothing more: the word is the problem.
            var errors = parse.Errors.Where(e => parse.UnmatchedTokens.Count == 0 || e.SymbolResult is not CommandResult
                || parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)));
            foreach (var message in errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
            {
                await error.WriteLineAsync(message);
            }

            await error.WriteLineAsync();
            string[] path = [.. parse.Tokens.Where(t => t.Type == TokenType.Command).Select(t => t.Value), "--help"];
            await root.Parse(path).InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
            return Problem;
        }

        return await parse.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false },
            cancellationToken);
    }
}
