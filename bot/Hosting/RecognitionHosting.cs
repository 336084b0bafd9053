using CxBot.Features.Recognition;
using Microsoft.Extensions.Options;

namespace CxBot.Hosting;

/// <summary>Wires the recognition feature (shout-outs, +1s, managers' thanks, company values) and its <c>Recognition</c> options.</summary>
internal static class RecognitionHosting
{
    public static void AddCxBotRecognition(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecognitionOptions>()
            .Bind(builder.Configuration.GetSection(RecognitionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRecognitionFeature(sp =>
        {
            var o = sp.GetRequiredService<IOptions<RecognitionOptions>>().Value;
            return new RecognitionSettings { MessageMaxLength = o.MessageMaxLength, MaxRecipients = o.MaxRecipients };
        });
    }
}
