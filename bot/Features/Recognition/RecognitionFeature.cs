using CxBot.Protocol.Routing;

namespace CxBot.Features.Recognition;

/// <summary>Registers the recognition feature: stores, service, cards, delivery and routes.</summary>
internal static class RecognitionFeature
{
    public static IServiceCollection AddRecognitionFeature(this IServiceCollection services)
    {
        services.AddSingleton<ShoutOutStore>();
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
}
