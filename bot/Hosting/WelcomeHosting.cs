using CxBot.Features.Welcome;

namespace CxBot.Hosting;

/// <summary>Wires the welcome feature: welcome cards on install and the help card (no options of its own).</summary>
internal static class WelcomeHosting
{
    public static void AddCxBotWelcome(this WebApplicationBuilder builder) => builder.Services.AddWelcome();
}
