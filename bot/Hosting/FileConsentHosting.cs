using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;

namespace CxBot.Hosting;

/// <summary>Registers the file consent dispatcher, its upload client and its <c>FileConsent</c> options.</summary>
internal static class FileConsentHosting
{
    public static void AddCxBotFileConsent(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FileConsentOptions>()
            .Bind(builder.Configuration.GetSection(FileConsentOptions.Section))
            .PostConfigure(o =>
            {
                if (o.UploadHosts.Count == 0)
                {
                    o.UploadHosts = builder.Configuration.GetSection(FileConsentOptions.LegacySection).GetSection(nameof(o.UploadHosts)).Get<string[]>() ?? [];
                }
            })
            .Validate(o => o.UploadHosts.All(h => !string.IsNullOrWhiteSpace(h) && Uri.CheckHostName(h) != UriHostNameType.Unknown), "FileConsent:UploadHosts must be host names.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(FileConsentNames.UploadClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<IBotRoutes, FileConsentRoutes>();
    }
}
