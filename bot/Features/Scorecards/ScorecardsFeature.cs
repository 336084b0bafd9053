using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Scorecards;

/// <summary>Registers the scorecards: sources, rollup store, service, claims, the weekly delivery loop and the routes.</summary>
internal static class ScorecardsFeature
{
    public static IServiceCollection AddScorecardsFeature(this IServiceCollection services)
    {
        services.AddScorecardCore();
        services.AddSingleton<ScorecardClaims>();
        services.AddSingleton<Setup.IAdminAttention, ScorecardAttention>();
        services.AddSingleton<ScorecardMetrics>();
        services.AddSingleton<ScorecardDelivery>();
        services.AddHostedService<ScorecardLoop>();
        services.AddSingleton<ScorecardRoutes>();
        services.AddSingleton<IBotRoutes>(sp => sp.GetRequiredService<ScorecardRoutes>());
        services.AddSingleton<IFileConsentHandler>(sp => sp.GetRequiredService<ScorecardRoutes>());
        return services;
    }

    /// <summary>
    /// What rolling up, building and verifying need of ours, and no more (the command line uses it). The features read register
    /// their own read contracts (<c>IIncidentWeeks</c>, <c>IIdeaResults</c>, <c>IShoutOutFacts</c>, <c>ICheckinResults</c>,
    /// <c>IMeasureResults</c>); the host adds them (<c>ScorecardsHosting</c>).
    /// </summary>
    public static IServiceCollection AddScorecardCore(this IServiceCollection services)
    {
        services.AddSingleton<ScorecardSources>();
        services.AddSingleton<ScorecardStore>();
        services.AddSingleton<ScorecardService>();
        return services;
    }
}
