using Microsoft.Extensions.DependencyInjection.Extensions;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Measures;

/// <summary>Registers the weekly figures feature: its store (and the results the scorecards read), cards and routes.</summary>
internal static class MeasuresFeature
{
    public static IServiceCollection AddMeasuresFeature(this IServiceCollection services)
    {
        services.AddMeasureResults();
        services.AddSingleton<MeasureCards>();
        services.AddSingleton<IBotRoutes, MeasureRoutes>();
        return services;
    }

    /// <summary>The store and the results the scorecards read, and no more (the command line uses it); TryAdd, so calling it twice is harmless.</summary>
    public static IServiceCollection AddMeasureResults(this IServiceCollection services)
    {
        services.TryAddSingleton<MeasureStore>();
        services.TryAddSingleton<IMeasureResults>(sp => sp.GetRequiredService<MeasureStore>());
        return services;
    }
}
