using CxBot.Features.Incidents;

namespace CxBot.Hosting;

/// <summary>Wires the incidents feature and its <c>Incidents</c> options.</summary>
internal static class IncidentsHosting
{
    public static void AddCxBotIncidents(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IncidentOptions>()
            .Bind(builder.Configuration.GetSection(IncidentOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => Valid(o.AcknowledgeWithin) && Valid(o.ResolveWithin), "Incidents: every due time must be between 1 minute and 90 days.")
            .Validate(o => o.AcknowledgeWithin.Critical <= o.ResolveWithin.Critical && o.AcknowledgeWithin.Low <= o.ResolveWithin.Low, "Incidents: acknowledge before resolving, not after.")
            .ValidateOnStart();
        builder.Services.AddIncidentsFeature();
    }

    private static bool Valid(SeverityTimes t) =>
        new[] { t.Low, t.Medium, t.High, t.Critical }.All(v => v >= TimeSpan.FromMinutes(1) && v <= TimeSpan.FromDays(90));
}
