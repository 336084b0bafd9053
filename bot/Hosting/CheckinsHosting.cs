using CxBot.Features.Checkins;

namespace CxBot.Hosting;

/// <summary>Wires the check-ins feature and its <c>Checkins</c> options.</summary>
internal static class CheckinsHosting
{
    public static void AddCxBotCheckins(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CheckinOptions>()
            .Bind(builder.Configuration.GetSection(CheckinOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddCheckinsFeature();
    }
}
