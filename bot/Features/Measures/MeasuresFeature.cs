using CxBot.Protocol.Routing;

namespace CxBot.Features.Measures;

/// <summary>Registers the weekly figures feature: its store (and the results the scorecards read), cards and routes.</summary>
internal static class MeasuresFeature
{
    public static IServiceCollection AddMeasuresFeature(this IServiceCollection services)
    {
        services.AddSingleton<MeasureStore>();
        services.AddSingleton<IMeasureResults>(sp => sp.GetRequiredService<MeasureStore>());
        services.AddSingleton<MeasureCards>();
        services.AddSingleton<IBotRoutes, MeasureRoutes>();
        return services;
    }
}
