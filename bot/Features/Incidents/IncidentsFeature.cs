using CxBot.Features.Setup;
using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.Incidents;

/// <summary>Registers the incidents feature: store, service, triage, routing seam, notifier, routes, and the weeks the scorecards read.</summary>
internal static class IncidentsFeature
{
    public static IServiceCollection AddIncidentsFeature(this IServiceCollection services)
    {
        services.AddIncidentWeeks();
        services.AddSingleton<IncidentService>();
        services.AddSingleton<IncidentPeople>();
        services.AddSingleton<IncidentAttention>();
        services.AddSingleton<IAdminAttention>(sp => sp.GetRequiredService<IncidentAttention>());
        services.AddSingleton<IncidentTriage>();
        services.AddSingleton<IncidentNotifier>();
        services.AddSingleton<IncidentLease>();
        services.AddSingleton<IncidentChaser>();
        services.AddHostedService<IncidentChaseLoop>();
        services.AddSingleton<IncidentDeliveries>();
        services.AddHostedService<IncidentDeliveryLoop>();

        // Routing: the reporter's manager from the people directory, the team's managers in setup behind it.
        services.AddSingleton<SetupIncidentRouting>();
        services.AddSingleton<IIncidentRouting, DirectoryIncidentRouting>();
        services.AddSingleton<IBotRoutes, IncidentRoutes>();
        services.AddSingleton<IIncidentForm, IncidentFormCards>();
        services.AddSingleton<IncidentExport>();
        services.AddSingleton<IBotRoutes>(sp => sp.GetRequiredService<IncidentExport>());
        services.AddSingleton<IFileConsentHandler>(sp => sp.GetRequiredService<IncidentExport>());
        IdeaIncidentLinks.Register(services);
        return services;
    }

    /// <summary>
    /// What other features read of incidents (<see cref="IIncidentWeeks"/>) and the store behind it, and no more: the command line
    /// calls it without the rest of the feature. TryAdd, so calling it twice (or after the feature) registers nothing twice.
    /// </summary>
    public static IServiceCollection AddIncidentWeeks(this IServiceCollection services)
    {
        services.TryAddSingleton<IncidentStore>();
        services.TryAddSingleton<IIncidentWeeks, IncidentWeeks>();
        return services;
    }
}
