using CxBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.Recognition;

/// <summary>Registers the recognition feature: stores, service, cards, delivery, routes, and the shout-outs the scorecards read.</summary>
internal static class RecognitionFeature
{
    public static IServiceCollection AddRecognitionFeature(this IServiceCollection services)
    {
        services.AddShoutOutFacts();
        services.AddSingleton<ValueStore>();
        services.AddSingleton<RecognitionPeople>();
        services.AddSingleton<RecognitionService>();
        services.AddSingleton<RecognitionCards>();
        services.AddSingleton<Delivery>();
        services.AddSingleton<PlusOneHandler>();
        services.AddSingleton<ThanksHandler>();
        services.AddSingleton<LeaderboardService>();
        IdeaRecognition.Register(services);
        services.AddSingleton<IBotRoutes, RecognitionRoutes>();
        services.AddSingleton<IBotRoutes, LeaderboardRoutes>();
        return services;
    }

    /// <summary>
    /// What other features read of recognition (<see cref="IShoutOutFacts"/>) and the store behind it, and no more: the command
    /// line calls it without the rest of the feature. TryAdd, so calling it twice (or after the feature) registers nothing twice.
    /// </summary>
    public static IServiceCollection AddShoutOutFacts(this IServiceCollection services)
    {
        services.TryAddSingleton<ShoutOutStore>();
        services.TryAddSingleton<IShoutOutFacts, ShoutOutFacts>();
        return services;
    }
}
