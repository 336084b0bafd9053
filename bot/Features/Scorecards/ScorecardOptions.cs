using System.ComponentModel.DataAnnotations;

namespace CxBot.Features.Scorecards;

/// <summary>The <c>Scorecards</c> section: when the weekly scorecards are posted, how many weeks of trend, how often rollups refresh.</summary>
public sealed class ScorecardOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Scorecards";

    /// <summary>The local time on Monday (organisation time zone) the previous week's scorecards are posted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:00")]
    public TimeSpan PostAt { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How many weeks before the reported one the trend shows.</summary>
    [Range(1, 26)]
    public int TrendWeeks { get; set; } = 6;

    /// <summary>How often the current and previous week's rollups are recomputed (one instance at a time).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RollupEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often an instance looks for scorecards due (a missed Monday is caught up at the next look).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claim on one weekly post lasts before another instance may take it over (a crashed poster).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromMinutes(10);
}
