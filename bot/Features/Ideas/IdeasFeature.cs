using CxBot.Protocol.Routing;

namespace CxBot.Features.Ideas;

/// <summary>Registers the ideas feature: store, service, channel card and routes.</summary>
internal static class IdeasFeature
{
    public static IServiceCollection AddIdeasFeature(this IServiceCollection services)
    {
        services.AddSingleton<IdeaStore>();
        services.AddSingleton<IdeaService>();
        services.AddSingleton<IdeaChannel>();
        services.AddSingleton<IBotRoutes, IdeaRoutes>();
        return services;
    }
}
