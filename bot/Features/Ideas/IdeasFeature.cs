using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.Ideas;

/// <summary>Registers the ideas feature: store, service, channel card and routes.</summary>
internal static class IdeasFeature
{
    public static IServiceCollection AddIdeasFeature(this IServiceCollection services)
    {
        services.AddSingleton<IdeaStore>();
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
}
