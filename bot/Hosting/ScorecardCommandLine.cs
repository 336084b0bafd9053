using System.CommandLine;
using CxBot.Features.Scorecards;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Hosting;

/// <summary>
/// <c>scorecard verify|rebuild|export --tenant ID --week 2026-W47</c>, against the configured storage, without the web server:
/// verify compares the stored rollups with a recomputation from the records (exit 1 and every difference printed when they
/// differ), rebuild rolls the week up again, export writes the figures as CSV.
/// </summary>
internal static class ScorecardCommandLine
{
    private const string Example = "--tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 --week 2026-W47";

    /// <summary>The <c>scorecard</c> command and its three subcommands.</summary>
    public static Command Create(CommandHost host, CommandHelp help)
    {
        var scorecard = new Command("scorecard", "Check, rebuild or export a week of the weekly scorecards' figures (the rollups behind the cards).");

        var verify = Verb(help, "verify", "Compare the week's stored rollups with a recomputation from the records. Exit 0 when they agree; exit 1 and every difference when they differ. Changes nothing.");
        verify.SetRun("Nothing was changed.", (parse, output, error, ct) => RunAsync(host, parse, (service, tenant, monday) => VerifyAsync(service, tenant, monday, output, error, ct), error));

        var rebuild = Verb(help, "rebuild", "Roll the week up again from the records, for every team and the organisation. Safe to repeat.");
        rebuild.SetRun(
            "Teams already rolled up keep their new figures; run `scorecard rebuild` again to finish (it is safe to repeat).",
            (parse, output, error, ct) => RunAsync(host, parse, (service, tenant, monday) => RebuildAsync(service, tenant, monday, output, ct), error));

        var export = Verb(help, "export", "Roll the week up again as of now (as rebuild does) and write its figures as CSV, each beside the figure its card showed when posted.");
        var file = new Option<string>("--out")
        {
            Description = "The CSV file to write (replaced if it exists); a relative path is taken from the current folder. Default: scorecard-WEEK.csv",
            HelpName = "FILE",
        };
        export.Add(file);
        export.SetRun("No file was written; teams already rolled up again keep their new figures.", (parse, output, error, ct) => RunAsync(host, parse, (service, tenant, monday) => ExportAsync(service, tenant, monday, parse.GetValue(file), output, ct), error));
        help.Examples(export, $"dotnet run --project bot -- scorecard export {Example} --out w47.csv");

        scorecard.Add(verify);
        scorecard.Add(rebuild);
        scorecard.Add(export);
        help.Examples(scorecard, $"dotnet run --project bot -- scorecard verify {Example}");
        return scorecard;
    }

    /// <summary>Runs <c>scorecard ARGS</c> against <paramref name="settings"/> (configuration that wins over appsettings; tests).</summary>
    public static Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CommandLine.InvokeAsync(["scorecard", .. args], new CommandHost(settings), output, error, cancellationToken);

    private static Command Verb(CommandHelp help, string verb, string description)
    {
        var week = new Option<DateOnly>("--week")
        {
            Description = "The ISO week, e.g. 2026-W47 (the week that starts on Monday 16 November 2026)",
            HelpName = "YYYY-Www",
            Required = true,
            CustomParser = r =>
            {
                if (r.Tokens is [var token] && ScorecardWeek.TryParse(token.Value, out var monday))
                {
                    return monday;
                }

                r.AddError($"--week must be an ISO week such as 2026-W47, not '{string.Join(' ', r.Tokens.Select(t => t.Value))}'.");
                return default;
            },
        };
        var command = new Command(verb, description) { CommandLine.TenantOption(), week };
        help.Examples(command, $"dotnet run --project bot -- scorecard {verb} {Example}");
        return command;
    }

    /// <summary>The exit code: 0 done (or no difference), 1 differences found, 2 a configuration or storage problem.</summary>
    private static async Task<int> RunAsync(CommandHost host, ParseResult parse, Func<ScorecardService, string, DateOnly, Task<int>> run, TextWriter error)
    {
        var tenant = parse.GetRequiredValue<string>("--tenant");
        var monday = parse.GetRequiredValue<DateOnly>("--week");
        await using var app = host.Build(builder =>
        {
            builder.AddCxBotSetupCore();
            builder.Services.AddOptions<ScorecardOptions>().Bind(builder.Configuration.GetSection(ScorecardOptions.Section)).ValidateDataAnnotations();
            builder.Services.AddCxBotScorecardCore();
        });
        ScorecardService service;
        try
        {
            service = app.Services.GetRequiredService<ScorecardService>();
            _ = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("The configuration is not valid: " + string.Join(" ", ex.Failures));
            return CommandLine.Problem;
        }

        try
        {
            return await run(service, tenant, monday);
        }
        catch (TableStorageException ex)
        {
            await error.WriteLineAsync($"Table storage refused or could not be reached ({ex.Status} {ex.ErrorCode}): {ex.Message}");
            return CommandLine.Problem;
        }
    }

    private static async Task<int> VerifyAsync(ScorecardService service, string tenant, DateOnly monday, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var result = await service.VerifyAsync(tenant, monday, cancellationToken);
        var label = ScorecardWeek.Label(monday);
        foreach (var team in result.Missing)
        {
            await output.WriteLineAsync($"Week {label}, team {team}: not rolled up yet (run `scorecard rebuild` to roll it up).");
        }

        foreach (var (team, asOf) in result.Stale)
        {
            await output.WriteLineAsync($"Week {label}, team {team}: rolled up at {asOf.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, and its records changed since: the rollup is right for then but stale now (run `scorecard rebuild` to bring it up to date).");
        }

        var differences = result.Differences;
        if (differences.Count == 0)
        {
            await output.WriteLineAsync($"Week {label} of tenant {tenant}: the stored rollups equal the recomputation from the records as they stood when rolled up.");
            return CommandLine.Done;
        }

        await error.WriteLineAsync($"Week {label} of tenant {tenant}: {CommandLine.Count(differences.Count, "difference")} between the stored rollups and the recomputation (run `scorecard rebuild` to roll it up again):");
        foreach (var d in differences)
        {
            await error.WriteLineAsync($"  team {d.TeamId}: {d.Path}: stored {d.Stored}, recomputed {d.Recomputed}");
        }

        return CommandLine.Refused;
    }

    private static async Task<int> RebuildAsync(ScorecardService service, string tenant, DateOnly monday, TextWriter output, CancellationToken cancellationToken)
    {
        var setup = await service.Setup.GetAsync(tenant, cancellationToken);
        var weeks = await service.RollupAsync(tenant, setup, monday, cancellationToken);
        await output.WriteLineAsync($"Rolled up week {ScorecardWeek.Label(monday)} of tenant {tenant}: {CommandLine.Count(weeks.Count, "team")}.");
        return CommandLine.Done;
    }

    private static async Task<int> ExportAsync(ScorecardService service, string tenant, DateOnly monday, string? file, TextWriter output, CancellationToken cancellationToken)
    {
        var setup = await service.Setup.GetAsync(tenant, cancellationToken);
        var export = await service.ExportAsync(tenant, setup, monday, cancellationToken);
        var path = Path.GetFullPath(file ?? $"scorecard-{ScorecardWeek.Label(monday)}.csv");

        // Once writing starts it finishes: a cancel half-way would leave a truncated file where the old one was.
        cancellationToken.ThrowIfCancellationRequested();
        await File.WriteAllBytesAsync(path, ScorecardCsv.Write(setup, monday, export), CancellationToken.None);
        var teams = export.Current.Count(w => w.TeamId != ScorecardScope.Organisation);
        var posted = export.Posted.Count == 0 ? "no card of the week was posted" : "the Posted column has the figures its card showed";
        await output.WriteLineAsync($"Wrote the figures of week {ScorecardWeek.Label(monday)} ({CommandLine.Count(teams, "team")}, as of {export.AsOf.UtcDateTime:yyyy-MM-dd HH:mm} UTC; {posted}) to {path}.");
        return CommandLine.Done;
    }
}
