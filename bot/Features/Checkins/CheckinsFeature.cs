using CxBot.Protocol.Routing;

namespace CxBot.Features.Checkins;

/// <summary>Registers the check-ins feature: stores, cards, scheduler (and its loop), delivery outcomes, results for the scorecards, and routes.</summary>
internal static class CheckinsFeature
{
    public static IServiceCollection AddCheckinsFeature(this IServiceCollection services)
    {
        services.AddSingleton<CheckinStore>();
        services.AddSingleton<ICheckinResults>(sp => sp.GetRequiredService<CheckinStore>());
        services.AddSingleton<CheckinSettingsStore>();
        services.AddSingleton<CheckinTeams>();
        services.AddSingleton<CheckinCards>();
        services.AddSingleton<CheckinDeliveries>();
        services.AddSingleton<CheckinScheduler>();
        services.AddHostedService<CheckinLoop>();
        services.AddSingleton<IBotRoutes, CheckinRoutes>();
        return services;
    }
}
