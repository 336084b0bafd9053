using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.Ideas;

/// <summary>Registers the ideas feature: store, service, channel card, routes, and the results other features read.</summary>
internal static class IdeasFeature
{
    public static IServiceCollection AddIdeasFeature(this IServiceCollection services)
    {
        services.AddIdeaResults();
        services.AddSingleton<IdeaVoteQueue>();
        services.AddSingleton<IdeaService>();
        services.AddSingleton<IdeaPeople>();
        services.AddSingleton<IdeaChannel>();
        services.AddSingleton<IdeaReview>();
        services.AddSingleton<IdeaLists>();
        services.TryAddSingleton<IIdeaRecognition, NoIdeaRecognition>();
        services.TryAddSingleton<IIdeaIncidents, NoIdeaIncidents>();
        services.AddSingleton<IBotRoutes, IdeaRoutes>();
        services.AddSingleton<IBotRoutes, IdeaReviewRoutes>();
        services.AddSingleton<IBotRoutes, IdeaListRoutes>();
        services.AddSingleton<IdeaExportRoutes>();
        services.AddSingleton<IBotRoutes>(sp => sp.GetRequiredService<IdeaExportRoutes>());
        services.AddSingleton<IFileConsentHandler>(sp => sp.GetRequiredService<IdeaExportRoutes>());
        return services;
    }

    /// <summary>
    /// What other features read of ideas (<see cref="IIdeaResults"/>) and the store behind it, and no more: the command line
    /// calls it without the rest of the feature. TryAdd, so calling it twice (or after the feature) registers nothing twice.
    /// </summary>
    public static IServiceCollection AddIdeaResults(this IServiceCollection services)
    {
        services.TryAddSingleton<IdeaStore>();
        services.TryAddSingleton<IIdeaResults, IdeaResults>();
        return services;
    }
}
