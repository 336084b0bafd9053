using System.Diagnostics.Metrics;

namespace CxBot.Protocol;

/// <summary>
/// CxBot's one <see cref="Meter"/>: each layer defines its own instruments on it (<c>TurnMetrics</c>, <c>SendMetrics</c>,
/// <c>ScorecardMetrics</c>, …), created through <see cref="IMeterFactory"/>, which hands every caller the same meter.
/// Tags are low cardinality only: kinds and outcomes, never a tenant, a user or anything a person typed.
/// </summary>
internal static class BotMeter
{
    /// <summary>The meter's name (what an exporter or a <c>MeterListener</c> subscribes to).</summary>
    public const string Name = "CxBot";

    /// <summary>The meter, from the app's factory (the same instance for every caller).</summary>
    public static Meter Of(IMeterFactory factory) => factory.Create(Name);
}
