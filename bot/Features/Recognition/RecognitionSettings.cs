namespace CxBot.Features.Recognition;

/// <summary>The feature's settings, built from the <c>Recognition</c> section by hosting.</summary>
internal sealed record RecognitionSettings
{
    /// <summary>The longest message a shout-out may carry.</summary>
    public int MessageMaxLength { get; init; } = 500;

    /// <summary>The most colleagues one shout-out may recognise.</summary>
    public int MaxRecipients { get; init; } = 10;
}
