using CxBot.Features.Ideas;

namespace CxBot.Hosting;

/// <summary>Wires the ideas feature (submit, share, vote). It has no settings of its own.</summary>
internal static class IdeasHosting
{
    public static void AddCxBotIdeas(this WebApplicationBuilder builder) => builder.Services.AddIdeasFeature();
}
