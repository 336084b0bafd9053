using CxBot.Protocol.Routing;

namespace CxBot.Features.Setup;

/// <summary>Registers the setup feature: store, roles, service, people and cards, import/export and routes.</summary>
internal static class SetupFeature
{
    public static IServiceCollection AddSetupFeature(this IServiceCollection services)
    {
        services.AddSetupCore();
        services.AddSingleton<SetupPeople>();
        services.AddSingleton<SetupCards>();
        services.AddSingleton<IBotRoutes, SetupRoutes>();
        services.AddSingleton<AdminClaimRoutes>();
        services.AddSingleton<IBotRoutes>(s => s.GetRequiredService<AdminClaimRoutes>());
        return services;
    }

    /// <summary>
    /// What reading, changing, exporting and importing a tenant's setup need, and no more (the command line uses it), with
    /// everything those services take that is not plumbing: the service's cache is registered here, so no host can forget it.
    /// </summary>
    public static IServiceCollection AddSetupCore(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<SetupStore>();
        services.AddSingleton<ISetupIndex>(s => s.GetRequiredService<SetupStore>());
        services.AddSingleton<SetupRoles>();
        services.AddSingleton<SetupService>();
        services.AddSingleton<SetupTransfer>();
        return services;
    }
}
