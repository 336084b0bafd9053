using CxBot.Protocol.Routing;

namespace CxBot.Features.Setup;

/// <summary>Registers the setup feature: store, roles, service, people and cards, import/export and routes.</summary>
internal static class SetupFeature
{
    public static IServiceCollection AddSetupFeature(this IServiceCollection services)
    {
        services.AddSingleton<SetupStore>();
        services.AddSingleton<SetupRoles>();
        services.AddSingleton<SetupService>();
        services.AddSingleton<SetupPeople>();
        services.AddSingleton<SetupCards>();
        services.AddSingleton<SetupTransfer>();
        services.AddSingleton<IBotRoutes, SetupRoutes>();
        services.AddSingleton<AdminClaimRoutes>();
        services.AddSingleton<IBotRoutes>(s => s.GetRequiredService<AdminClaimRoutes>());
        return services;
    }
}
