using CxBot.Features.Measures;

namespace CxBot.Hosting;

/// <summary>Wires the weekly figures feature (no options of its own).</summary>
internal static class MeasuresHosting
{
    public static void AddCxBotMeasures(this WebApplicationBuilder builder) => builder.Services.AddMeasuresFeature();
}
