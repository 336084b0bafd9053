using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
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
    private const string Usage = """
        Usage: dotnet run --project bot -- scorecard verify --tenant TENANT-ID --week 2026-W47
               dotnet run --project bot -- scorecard rebuild --tenant TENANT-ID --week 2026-W47
               dotnet run --project bot -- scorecard export --tenant TENANT-ID --week 2026-W47 [--out FILE]
          verify   compares the week's stored rollups with a recomputation from the records; exit 1 and the differences when they differ
          rebuild  rolls the week up again from the records (idempotent)
          export   writes the figures behind the week's scorecards as CSV (default scorecard-WEEK.csv)
        Storage comes from ConnectionStrings:Storage and Storage:* as for the bot.
        """;

    /// <summary>The exit code: 0 done (or no difference), 1 differences found, 2 a usage or configuration problem.</summary>
    /// <param name="settings">Configuration that wins over appsettings and environment variables (tests).</param>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var verb, out var tenant, out var monday, out var file))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        await using var app = Build(settings);
        ScorecardService service;
        try
        {
            service = app.Services.GetRequiredService<ScorecardService>();
            _ = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("The configuration is not valid: " + string.Join(" ", ex.Failures));
            return 2;
        }

        try
        {
            return verb switch
            {
                "verify" => await VerifyAsync(service, tenant, monday, output, error, cancellationToken),
                "rebuild" => await RebuildAsync(service, tenant, monday, output, cancellationToken),
                _ => await ExportAsync(service, tenant, monday, file, output, cancellationToken),
            };
        }
        catch (TableStorageException ex)
        {
            await error.WriteLineAsync($"Table storage refused or could not be reached ({ex.Status} {ex.ErrorCode}): {ex.Message}");
            return 2;
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
            return 0;
        }

        await error.WriteLineAsync($"Week {label} of tenant {tenant}: {Count(differences.Count, "difference")} between the stored rollups and the recomputation (run `scorecard rebuild` to roll it up again):");
        foreach (var d in differences)
        {
            await error.WriteLineAsync($"  team {d.TeamId}: {d.Path}: stored {d.Stored}, recomputed {d.Recomputed}");
        }

        return 1;
    }

    private static async Task<int> RebuildAsync(ScorecardService service, string tenant, DateOnly monday, TextWriter output, CancellationToken cancellationToken)
    {
        var setup = await service.Setup.GetAsync(tenant, cancellationToken);
        var weeks = await service.RollupAsync(tenant, setup, monday, cancellationToken);
        await output.WriteLineAsync($"Rolled up week {ScorecardWeek.Label(monday)} of tenant {tenant}: {Count(weeks.Count, "team")}.");
        return 0;
    }

    private static async Task<int> ExportAsync(ScorecardService service, string tenant, DateOnly monday, string? file, TextWriter output, CancellationToken cancellationToken)
    {
        var setup = await service.Setup.GetAsync(tenant, cancellationToken);
        var export = await service.ExportAsync(tenant, setup, monday, cancellationToken);
        var path = Path.GetFullPath(file ?? $"scorecard-{ScorecardWeek.Label(monday)}.csv");
        await File.WriteAllBytesAsync(path, ScorecardCsv.Write(setup, monday, export), cancellationToken);
        var teams = export.Current.Count(w => w.TeamId != ScorecardScope.Organisation);
        var posted = export.Posted.Count == 0 ? "no card of the week was posted" : "the Posted column has the figures its card showed";
        await output.WriteLineAsync($"Wrote the figures of week {ScorecardWeek.Label(monday)} ({Count(teams, "team")}, as of {export.AsOf.UtcDateTime:yyyy-MM-dd HH:mm} UTC; {posted}) to {path}.");
        return 0;
    }

    /// <summary>"1 team", "3 teams": a number with its noun, never "(s)".</summary>
    private static string Count(int n, string noun) => $"{n.ToString(System.Globalization.CultureInfo.InvariantCulture)} {(n == 1 ? noun : noun + "s")}";

    private static bool TryParse(string[] args, out string verb, out string tenant, out DateOnly monday, out string? file)
    {
        verb = args.Length > 0 ? args[0] : "";
        tenant = "";
        monday = default;
        file = null;
        if (verb is not ("verify" or "rebuild" or "export"))
        {
            return false;
        }

        string? week = null;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--tenant": tenant = args[i + 1]; break;
                case "--week": week = args[i + 1]; break;
                case "--out" when verb == "export": file = args[i + 1]; break;
                default: return false;
            }
        }

        return args.Length % 2 == 1 && !string.IsNullOrWhiteSpace(tenant) && ScorecardWeek.TryParse(week, out monday);
    }

    private static WebApplication Build(IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = WebApplication.CreateBuilder();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddCxBotStorage();
        builder.AddCxBotSetup();
        builder.Services.AddOptions<ScorecardOptions>().Bind(builder.Configuration.GetSection(ScorecardOptions.Section)).ValidateDataAnnotations();
        builder.Services.AddMemoryCache();
        builder.Services.AddCxBotScorecardCore();
        return builder.Build();
    }
}
