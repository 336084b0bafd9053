namespace CxBot.Features.Recognition;

/// <summary>The feature's settings, built from the <c>Recognition</c> section by hosting.</summary>
internal sealed record RecognitionSettings
{
    /// <summary>The longest message a shout-out may carry.</summary>
    public int MessageMaxLength { get; init; } = 500;

    /// <summary>The most colleagues one shout-out may recognise.</summary>
    public int MaxRecipients { get; init; } = 10;

    /// <summary>Points per recognition received and given, and the badges by threshold.</summary>
    public PointsRules Points { get; init; } = new(10, 2, DefaultBadges);

    /// <summary>The badges when none are configured.</summary>
    public static IReadOnlyList<BadgeThreshold> DefaultBadges { get; } = [new("Bronze", "🥉", 20), new("Silver", "🥈", 50), new("Gold", "🥇", 100)];
}
