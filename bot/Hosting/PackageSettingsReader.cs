using System.ComponentModel.DataAnnotations;
using CxBot.Features.AppPackage;

namespace CxBot.Hosting;

/// <summary>Reads the package values from configuration (appsettings, environment, then command-line switches) and checks them.</summary>
internal static class PackageSettingsReader
{
    /// <summary>The values, or null with every problem added to <paramref name="errors"/>, each naming its key and switch.</summary>
    /// <param name="environmentName">Which appsettings.{Environment}.json to read; null: ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT, else Production.</param>
    public static AppPackageSettings? Read(Dictionary<string, string?> switches, string? environmentName, List<string> errors)
    {
        var environment = environmentName ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(switches)
            .Build();

        var options = new TeamsAppOptions();
        try
        {
            configuration.GetSection(TeamsAppOptions.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message);
            return null;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        errors.AddRange(results.Select(r => r.ErrorMessage ?? ""));
        var botId = Guid.TryParseExact(configuration["Bot:AppId"], "D", out var id) ? id : default(Guid?);
        if (botId is null)
        {
            errors.Add("Bot:AppId (--bot-id) is required: the bot's Entra app id or managed identity client id (a GUID).");
        }

        var website = HttpsUrl(options.WebsiteUrl, "Teams:WebsiteUrl (--website-url)", errors);
        var privacy = HttpsUrl(options.PrivacyUrl, "Teams:PrivacyUrl (--privacy-url)", errors);
        var terms = HttpsUrl(options.TermsOfUseUrl, "Teams:TermsOfUseUrl (--terms-url)", errors);
        return errors.Count > 0 || botId is null || website is null || privacy is null || terms is null
            ? null
            : new AppPackageSettings(
                Guid.ParseExact(options.AppId!, "D"),
                botId.Value,
                options.Domain!.ToLowerInvariant(),
                options.AppVersion,
                options.DeveloperName!,
                website,
                privacy,
                terms,
                options.ProactiveInstall);
    }

    private static Uri? HttpsUrl(string? value, string name, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null; // [Required] has said so.
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            return uri;
        }

        errors.Add($"{name} must be an absolute https URL.");
        return null;
    }
}
