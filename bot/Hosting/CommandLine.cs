using CxBot.Features.AppPackage;

namespace CxBot.Hosting;

/// <summary>
/// The bot's command-line mode, which never starts the web server: <c>manifest package …</c> builds the Teams app package;
/// <c>setup export|import FILE --tenant ID</c> moves a tenant's setup (<see cref="SetupCommandLine"/>); <c>scorecard verify|rebuild|export</c>
/// checks and rebuilds the scorecards' rollups (<see cref="ScorecardCommandLine"/>). Any other arguments start the bot.
/// </summary>
internal static class CommandLine
{
    public const string DefaultPackagePath = "build/CxBot.zip";

    /// <summary>Command-line switches and the configuration keys they set (they win over appsettings and environment variables).</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--app-id"] = "Teams:AppId",
        ["--bot-id"] = "Bot:AppId",
        ["--domain"] = "Teams:Domain",
        ["--version"] = "Teams:AppVersion",
        ["--developer-name"] = "Teams:DeveloperName",
        ["--website-url"] = "Teams:WebsiteUrl",
        ["--privacy-url"] = "Teams:PrivacyUrl",
        ["--terms-url"] = "Teams:TermsOfUseUrl",
        ["--proactive-install"] = "Teams:ProactiveInstall",
    };

    private const string Usage = """
        Usage: dotnet run --project bot -- manifest package [--out build/CxBot.zip] [options]
          --out PATH              where the zip goes; a relative path is taken from the repository root
          --app-id GUID           Teams:AppId         the Teams app id, one per environment
          --bot-id GUID           Bot:AppId           the bot's Entra app id or managed identity client id
          --domain HOST           Teams:Domain        the bot's host name, e.g. cxbot-prod.azurewebsites.net
          --version X.Y.Z         Teams:AppVersion    raise it for every upload (default 1.0.0)
          --developer-name NAME   Teams:DeveloperName
          --website-url URL       Teams:WebsiteUrl
          --privacy-url URL       Teams:PrivacyUrl
          --terms-url URL         Teams:TermsOfUseUrl
          --proactive-install B   Teams:ProactiveInstall  true adds webApplicationInfo (Graph proactive installation)
        Values not given come from bot/appsettings.json, appsettings.{Environment}.json and environment variables (Teams__AppId).
        """;

    /// <summary>Runs a command when <paramref name="args"/> name one; <c>false</c> means "start the bot".</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (await RunAsync(args, Console.Out, Console.Error, CancellationToken.None) is not { } exitCode)
        {
            return false;
        }

        Environment.ExitCode = exitCode;
        return true;
    }

    /// <summary>The exit code of the command <paramref name="args"/> name, or null when they name none.</summary>
    public static async Task<int?> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args is ["setup", .. var setupArgs])
        {
            return await SetupCommandLine.RunAsync(setupArgs, null, output, error, cancellationToken);
        }

        if (args is ["scorecard", .. var scorecardArgs])
        {
            return await ScorecardCommandLine.RunAsync(scorecardArgs, null, output, error, cancellationToken);
        }

        if (args is not ["manifest", ..])
        {
            return null;
        }

        if (args is not ["manifest", "package", .. var rest])
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        if (!TryParse(rest, out var packagePath, out var values, out var problem))
        {
            await error.WriteLineAsync(problem + Environment.NewLine + Usage);
            return 2;
        }

        var errors = new List<string>();
        if (PackageSettingsReader.Read(values, errors) is not { } settings)
        {
            await error.WriteLineAsync("Cannot build the Teams app package:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
            return 2;
        }

        var root = AppPackageBuilder.FindRepositoryRoot(Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (root is null)
        {
            await error.WriteLineAsync($"Cannot find {AppPackageBuilder.ManifestFolder}/{AppPackageBuilder.TemplateFile}: run the command inside the CxBot repository.");
            return 2;
        }

        AppPackageResult result;
        try
        {
            // `dotnet run --project bot` runs in bot/, so a relative --out is taken from the repository root.
            result = await AppPackageBuilder.BuildAsync(root, settings, Path.GetFullPath(packagePath, root), cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"Cannot validate the Teams app package: {ex.Message}{Environment.NewLine}Run `npm ci` in the repository first.");
            return 2;
        }

        await AppPackageReport.WriteAsync(result, settings, output, error);
        return result.IsValid ? 0 : 1;
    }

    private static bool TryParse(string[] args, out string packagePath, out Dictionary<string, string?> values, out string problem)
    {
        packagePath = DefaultPackagePath;
        values = [];
        problem = "";
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"{args[i]} needs a value.";
                return false;
            }

            if (args[i] == "--out")
            {
                packagePath = args[i + 1];
            }
            else if (Switches.TryGetValue(args[i], out var key))
            {
                values[key] = args[i + 1];
            }
            else
            {
                problem = $"Unknown option {args[i]}.";
                return false;
            }
        }

        return true;
    }
}
