using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Measures;
using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.Scorecards;

/// <summary>Registers the scorecards: sources, rollup store, service, claims, the weekly delivery loop and the routes.</summary>
internal static class ScorecardsFeature
{
    public static IServiceCollection AddScorecardsFeature(this IServiceCollection services)
    {
        services.AddScorecardCore();
        services.AddSingleton<ScorecardClaims>();
        services.AddSingleton<Setup.IAdminAttention, ScorecardAttention>();
        services.AddSingleton<ScorecardDelivery>();
        services.AddHostedService<ScorecardLoop>();
        services.AddSingleton<ScorecardRoutes>();
        services.AddSingleton<IBotRoutes>(sp => sp.GetRequiredService<ScorecardRoutes>());
        services.AddSingleton<IFileConsentHandler>(sp => sp.GetRequiredService<ScorecardRoutes>());
        return services;
    }

    /// <summary>
    /// What rolling up, building and verifying need, and no more (the command line uses it): the record stores (TryAdd, so the
    /// features' own registrations stand), the check-in results, and ours.
    /// </summary>
    public static IServiceCollection AddScorecardCore(this IServiceCollection services)
    {
        services.TryAddSingleton<Incidents.IncidentStore>();
        services.AddIdeaResults();
        services.AddMeasureResults();
        services.TryAddSingleton<Recognition.ShoutOutStore>();
        services.TryAddSingleton<CheckinStore>();
        services.TryAddSingleton<ICheckinResults>(sp => sp.GetRequiredService<CheckinStore>());
        services.AddSingleton<ScorecardSources>();
        services.AddSingleton<ScorecardStore>();
        services.AddSingleton<ScorecardService>();
        return services;
    }
}
