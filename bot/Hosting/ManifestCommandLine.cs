using System.CommandLine;
using CxBot.Features.AppPackage;

namespace CxBot.Hosting;

/// <summary>
/// <c>manifest package [--out build/CxBot.zip] [options]</c>: fills the manifest template from configuration and the options,
/// checks it and its icons with the official schema and Teams' rules, and writes the zip to upload to Teams.
/// </summary>
internal static class ManifestCommandLine
{
    public const string DefaultPackagePath = "build/CxBot.zip";

    private static readonly (string Switch, string Key, string Value, string Description)[] Values =
    [
        ("--app-id", "Teams:AppId", "GUID", "The Teams app id, one per environment (Teams:AppId)"),
        ("--bot-id", "Bot:AppId", "GUID", "The bot's Microsoft Entra app id, or its managed identity's client id (Bot:AppId)"),
        ("--domain", "Teams:Domain", "HOST", "The bot's host name, e.g. cxbot-prod.azurewebsites.net (Teams:Domain)"),
        ("--version", "Teams:AppVersion", "X.Y.Z", "The app version; raise it for every upload (Teams:AppVersion, default 1.0.0)"),
        ("--developer-name", "Teams:DeveloperName", "NAME", "Your organisation's name, shown in Teams as the app's developer (Teams:DeveloperName)"),
        ("--website-url", "Teams:WebsiteUrl", "URL", "An https page about the app (Teams:WebsiteUrl)"),
        ("--privacy-url", "Teams:PrivacyUrl", "URL", "Your https privacy statement (Teams:PrivacyUrl)"),
        ("--terms-url", "Teams:TermsOfUseUrl", "URL", "Your https terms of use (Teams:TermsOfUseUrl)"),
        ("--proactive-install", "Teams:ProactiveInstall", "true|false", "true lets CxBot install itself for people through Microsoft Graph (adds webApplicationInfo; Teams:ProactiveInstall)"),
    ];

    /// <summary>Command-line switches and the configuration keys they set (they win over appsettings and environment variables).</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = Values.ToDictionary(v => v.Switch, v => v.Key, StringComparer.Ordinal);

    /// <summary>The <c>manifest</c> command and its <c>package</c> subcommand.</summary>
    public static Command Create(CommandHost host, CommandHelp help)
    {
        var output = new Option<string>("--out")
        {
            Description = "Where the zip goes; a relative path is taken from the repository root",
            HelpName = "PATH",
            DefaultValueFactory = _ => DefaultPackagePath,
        };
        // A value given twice: the last one counts (a script's defaults, then an override).
        var values = Values.Select(v => (v.Key, Option: new Option<string[]>(v.Switch) { Description = v.Description, HelpName = v.Value, Arity = ArgumentArity.OneOrMore })).ToList();
        var package = new Command(
            "package",
            "Build the Teams app package (manifest and icons in one zip) to upload in the Teams admin center, after checking it with the official schema and Teams' rules. Values not given come from bot/appsettings.json, appsettings.{Environment}.json and environment variables (Teams__AppId).")
        {
            output,
        };
        foreach (var (_, option) in values)
        {
            package.Add(option);
        }

        package.SetRun("No package was written.", (parse, stdout, error, cancellationToken) =>
        {
            var given = values.Where(v => parse.GetValue(v.Option) is [_, ..]).ToDictionary(v => v.Key, v => (string?)parse.GetValue(v.Option)![^1], StringComparer.Ordinal);
            return RunAsync(host, parse.GetValue(output) ?? DefaultPackagePath, given, stdout, error, cancellationToken);
        });
        help.Examples(
            package,
            "dotnet run --project bot -- manifest package --app-id 3f2a9c1e-7b4d-4e8a-9c2f-1d5e6b7a8c90 --bot-id 0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d --domain cxbot-prod.azurewebsites.net --version 1.0.1");

        var manifest = new Command("manifest", "The Teams app package: the manifest, its icons and the zip to upload to Teams.") { package };
        help.Examples(manifest, "dotnet run --project bot -- manifest package --out build/CxBot.zip");
        return manifest;
    }

    /// <summary>The exit code: 0 the package is valid and written, 1 it is not valid, 2 a value or setup problem.</summary>
    private static async Task<int> RunAsync(CommandHost host, string packagePath, Dictionary<string, string?> values, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (PackageSettingsReader.Read(values, host.EnvironmentName, errors) is not { } settings)
        {
            await error.WriteLineAsync("Cannot build the Teams app package:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
            return CommandLine.Problem;
        }

        var root = AppPackageBuilder.FindRepositoryRoot(Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (root is null)
        {
            await error.WriteLineAsync($"Cannot find {AppPackageBuilder.ManifestFolder}/{AppPackageBuilder.TemplateFile}: run the command inside the CxBot repository.");
            return CommandLine.Problem;
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
            return CommandLine.Problem;
        }

        await AppPackageReport.WriteAsync(result, settings, output, error);
        return result.IsValid ? CommandLine.Done : CommandLine.Refused;
    }
}
