using CxBot.Features.Setup;
using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Incidents;

/// <summary>Registers the incidents feature: store, service, triage, routing seam, notifier and routes.</summary>
internal static class IncidentsFeature
{
    public static IServiceCollection AddIncidentsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IncidentStore>();
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
        services.AddSingleton<IncidentExport>();
        services.AddSingleton<IBotRoutes>(sp => sp.GetRequiredService<IncidentExport>());
        services.AddSingleton<IFileConsentHandler>(sp => sp.GetRequiredService<IncidentExport>());
        IdeaIncidentLinks.Register(services);
        return services;
    }
}
