using System.Globalization;

namespace CxBot.Features.Setup;

/// <summary>
/// The values a hard standard's measure may take, from its unit: a percentage is 0 to 100; any other unit (minutes, days,
/// a count…) is 0 to 1,000,000,000. Check-ins refuse a value outside it, and setup a target outside it.
/// </summary>
internal sealed record MeasureRange(double Min, double Max, bool IsPercentage)
{
    public const double MaxMeasure = 1_000_000_000;

    public static MeasureRange For(string? unit) => unit?.Trim() is "%" or "percent" or "per cent"
        ? new MeasureRange(0, 100, true)
        : new MeasureRange(0, MaxMeasure, false);

    public bool Contains(double value) => double.IsFinite(value) && value >= Min && value <= Max;

    /// <summary>"from 0 to 100", "from 0 to 1,000,000,000".</summary>
    public string InWords => $"from {N(Min)} to {N(Max)}";

    private static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
