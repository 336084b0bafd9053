using CxBot.Features.Recognition;

namespace CxBot.Hosting;

/// <summary>Wires the recognition feature (shout-outs, +1s, managers' thanks, company values) and its <c>Recognition</c> options.</summary>
internal static class RecognitionHosting
{
    public static void AddCxBotRecognition(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecognitionOptions>()
            .Bind(builder.Configuration.GetSection(RecognitionOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Badges.All(b => !string.IsNullOrWhiteSpace(b.Name) && !string.IsNullOrWhiteSpace(b.Emoji) && b.Points > 0), "Recognition:Badges need a Name, an Emoji and Points above 0.")
            .ValidateOnStart();
        builder.Services.AddRecognitionFeature();
    }
}
