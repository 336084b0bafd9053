using CxBot.Protocol.FileConsent;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.CustomerVoice;

/// <summary>Registers the customer survey: links, answers (and the results the scorecards read), limits, the page and the contact sweep.</summary>
internal static class CustomerVoiceFeature
{
    public static IServiceCollection AddCustomerVoiceFeature(this IServiceCollection services)
    {
        services.AddSurveyLinks();
        services.AddCustomerVoiceResults();
        services.AddSingleton<SurveyLimits>();
        services.AddSingleton<SurveyEndpoint>();
        services.AddSingleton<SurveyRecovery>();
        services.AddSingleton<CxBot.Protocol.Routing.IBotRoutes, RecoveryRoutes>();
        services.AddHostedService<ContactRetentionLoop>();
        services.AddSingleton<SurveyCardRoutes>();
        services.AddSingleton<IBotRoutes>(sp => sp.GetRequiredService<SurveyCardRoutes>());
        services.AddSingleton<IFileConsentHandler>(sp => sp.GetRequiredService<SurveyCardRoutes>());
        return services;
    }

    /// <summary>The links the manager's side issues and revokes; TryAdd, so calling it twice is harmless.</summary>
    public static IServiceCollection AddSurveyLinks(this IServiceCollection services)
    {
        services.TryAddSingleton<SurveySigning>();
        services.TryAddSingleton<SurveyLinkStore>();
        services.TryAddSingleton<ISurveyLinks>(sp => sp.GetRequiredService<SurveyLinkStore>());
        return services;
    }

    /// <summary>The answers store and the results the scorecards read, and no more; TryAdd, so calling it twice is harmless.</summary>
    public static IServiceCollection AddCustomerVoiceResults(this IServiceCollection services)
    {
        services.TryAddSingleton<SurveyAnswerStore>();
        services.TryAddSingleton<ICustomerVoiceResults>(sp => sp.GetRequiredService<SurveyAnswerStore>());
        return services;
    }

    /// <summary>Maps <c>GET</c> and <c>POST /s/{token}</c>.</summary>
    public static void MapCustomerVoice(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(CustomerVoiceNames.PathPrefix.TrimEnd('/')).WithGroupName("CustomerVoice");
        group.MapGet("/{token}", (HttpContext http, string token, SurveyEndpoint survey) => survey.ShowAsync(http, token)).WithName("SurveyPage");
        group.MapPost("/{token}", (HttpContext http, string token, SurveyEndpoint survey) => survey.AnswerAsync(http, token)).WithName("SurveyAnswer").DisableAntiforgery();
    }
}
