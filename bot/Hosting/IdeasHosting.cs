using CxBot.Features.Ideas;

namespace CxBot.Hosting;

/// <summary>Wires the ideas feature (submit, share, vote, decide, lists, CSV export); its uploads go through the file consent dispatcher.</summary>
internal static class IdeasHosting
{
    public static void AddCxBotIdeas(this WebApplicationBuilder builder) => builder.Services.AddIdeasFeature();
}
