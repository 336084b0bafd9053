using CxBot.Features.Ideas;

namespace CxBot.Hosting;

/// <summary>Wires the ideas feature (submit, share, vote, decide, lists, CSV export) and its <c>Ideas</c> options.</summary>
internal static class IdeasHosting
{
    public static void AddCxBotIdeas(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdeasOptions>()
            .Bind(builder.Configuration.GetSection(IdeasOptions.Section))
            .Validate(o => o.UploadHosts.All(h => !string.IsNullOrWhiteSpace(h) && Uri.CheckHostName(h) != UriHostNameType.Unknown), "Ideas:UploadHosts must be host names.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(IdeaExportRoutes.UploadClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddIdeasFeature();
    }
}
