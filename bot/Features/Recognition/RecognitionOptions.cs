using System.ComponentModel.DataAnnotations;

namespace CxBot.Features.Recognition;

/// <summary>The <c>Recognition</c> section: limits on shout-outs.</summary>
public sealed class RecognitionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Recognition";

    /// <summary>The longest message a shout-out may carry (characters).</summary>
    [Range(20, 2000)]
    public int MessageMaxLength { get; set; } = 500;

    /// <summary>The most colleagues one shout-out may recognise.</summary>
    [Range(1, 25)]
    public int MaxRecipients { get; set; } = 10;

    /// <summary>Points for each recognition received (after the one-a-day rule for a giver and a person).</summary>
    [Range(0, 1000)]
    public int PointsPerReceived { get; set; } = 10;

    /// <summary>Points for each recognition given (same rule).</summary>
    [Range(0, 1000)]
    public int PointsPerGiven { get; set; } = 2;

    /// <summary>Badges by points in a leaderboard period; empty: Bronze 20, Silver 50, Gold 100.</summary>
    public IReadOnlyList<RecognitionBadgeOptions> Badges { get; set; } = [];

    /// <summary>The badges when none are configured.</summary>
    internal static IReadOnlyList<BadgeThreshold> DefaultBadges { get; } = [new("Bronze", "🥉", 20), new("Silver", "🥈", 50), new("Gold", "🥇", 100)];

    /// <summary>Points per recognition received and given, and the badges by threshold.</summary>
    internal PointsRules Points => new(PointsPerReceived, PointsPerGiven, Badges.Count == 0 ? DefaultBadges : [.. Badges.Select(b => new BadgeThreshold(b.Name, b.Emoji, b.Points))]);
}

/// <summary>A badge earned at a number of points in a period.</summary>
public sealed class RecognitionBadgeOptions
{
    /// <summary>The badge's name.</summary>
    [Required]
    [StringLength(40, MinimumLength = 1)]
    public string Name { get; set; } = "";

    /// <summary>Its emoji.</summary>
    [Required]
    [StringLength(8, MinimumLength = 1)]
    public string Emoji { get; set; } = "";

    /// <summary>The points needed in the period.</summary>
    [Range(1, 1_000_000)]
    public int Points { get; set; }
}
