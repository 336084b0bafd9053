using System.ComponentModel.DataAnnotations;

namespace CxBot.Hosting;

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
}
