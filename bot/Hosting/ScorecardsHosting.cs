using CxBot.Features.Checkins;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Measures;
using CxBot.Features.Recognition;
using CxBot.Features.Scorecards;

namespace CxBot.Hosting;

/// <summary>
/// Wires the scorecards and their <c>Scorecards</c> options. The scorecards read the other features only through their read
/// contracts, which each feature registers with its own wiring (<see cref="IIncidentWeeks"/>, <see cref="IIdeaResults"/>,
/// <see cref="IShoutOutFacts"/>, <see cref="ICheckinResults"/>, <see cref="IMeasureResults"/>, <see cref="ICustomerVoiceResults"/>).
/// </summary>
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

    /// <summary>
    /// What rolling up, building and verifying need without the rest of the bot (the command line): the read contracts of the
    /// features the scorecards read, each registered by its feature on its own (TryAdd, so never twice), and the scorecards' core.
    /// </summary>
    public static IServiceCollection AddCxBotScorecardCore(this IServiceCollection services) => services
        .AddIncidentWeeks()
        .AddIdeaResults()
        .AddShoutOutFacts()
        .AddCheckinResults()
        .AddMeasureResults()
        .AddCustomerVoiceResults()
        .AddScorecardCore();
}
