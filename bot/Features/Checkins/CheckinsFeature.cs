using CxBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.Checkins;

/// <summary>Registers the check-ins feature: stores, cards, scheduler (and its loop), delivery outcomes, results for the scorecards, and routes.</summary>
internal static class CheckinsFeature
{
    public static IServiceCollection AddCheckinsFeature(this IServiceCollection services)
    {
        services.AddCheckinResults();
        services.AddSingleton<CheckinSettingsStore>();
        services.AddSingleton<CheckinTeams>();
        services.AddSingleton<CheckinCards>();
        services.AddSingleton<CheckinDeliveries>();
        services.AddSingleton<CheckinScheduler>();
        services.AddHostedService<CheckinLoop>();
        services.AddSingleton<IBotRoutes, CheckinRoutes>();
        return services;
    }

    /// <summary>
    /// What other features read of check-ins (<see cref="ICheckinResults"/>) and the store behind it, and no more: the command
    /// line calls it without the rest of the feature. TryAdd, so calling it twice (or after the feature) registers nothing twice.
    /// </summary>
    public static IServiceCollection AddCheckinResults(this IServiceCollection services)
    {
        services.TryAddSingleton<CheckinStore>();
        services.TryAddSingleton<ICheckinResults>(sp => sp.GetRequiredService<CheckinStore>());
        return services;
    }
}
