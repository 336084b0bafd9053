using CxBot.Features.Checkins;
using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.Scorecards;

/// <summary>Registers the scorecards: sources, rollup store, service, claims, the weekly delivery loop and the routes.</summary>
internal static class ScorecardsFeature
{
    public static IServiceCollection AddScorecardsFeature(this IServiceCollection services)
    {
        services.TryAddSingleton<ICheckinResults, NoCheckinResults>();
        services.AddSingleton<ScorecardSources>();
        services.AddSingleton<ScorecardStore>();
        services.AddSingleton<ScorecardService>();
        services.AddSingleton<ScorecardClaims>();
        services.AddSingleton<ScorecardDelivery>();
        services.AddHostedService<ScorecardLoop>();
        services.AddSingleton<ScorecardRoutes>();
        services.AddSingleton<IBotRoutes>(sp => sp.GetRequiredService<ScorecardRoutes>());
        services.AddSingleton<IFileConsentHandler>(sp => sp.GetRequiredService<ScorecardRoutes>());
        return services;
    }
}
