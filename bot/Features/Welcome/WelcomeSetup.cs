using CxBot.Features.Setup;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Welcome;

/// <summary>Registers the welcome feature's routes.</summary>
internal static class WelcomeSetup
{
    public static IServiceCollection AddWelcome(this IServiceCollection services) => services
        .AddSingleton<WelcomeRoles>()
        .AddSingleton<IAdminAttention, WelcomeAttention>()
        .AddSingleton<IBotRoutes, WelcomeRoutes>();
}
