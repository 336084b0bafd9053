using CxBot.Features.Scorecards;

namespace CxBot.Hosting;

/// <summary>Wires the scorecards and their <c>Scorecards</c> options.</summary>
internal static class ScorecardsHosting
{
    public static void AddCxBotScorecards(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScorecardOptions>()
            .Bind(builder.Configuration.GetSection(ScorecardOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScorecardsFeature();
    }
}
