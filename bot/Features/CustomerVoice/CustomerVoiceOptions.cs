using System.ComponentModel.DataAnnotations;

namespace CxBot.Features.CustomerVoice;

/// <summary>The <c>CustomerVoice</c> section: the customer survey's links, limits and how long contact details are kept.</summary>
public sealed class CustomerVoiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CustomerVoice";

    /// <summary>The shortest signing key accepted: 32 characters, so the links' signatures cannot be guessed.</summary>
    public const int MinSigningKeyLength = 32;

    /// <summary>
    /// The secret that signs survey links and their forms (HMAC-SHA256). Empty: no survey links outside local mode (local mode
    /// makes a key for the life of the process). Changing it invalidates every link already printed. Never logged.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// The start of every survey link, e.g. <c>https://cxbot-prod.azurewebsites.net</c> (https; http only on a loopback host).
    /// Empty: <c>https://</c> + <c>Teams:Domain</c>; in local mode without either, <c>http://localhost:3978</c>.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a customer's contact details are kept after their answer; then they are deleted (the scores stay).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ContactRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a survey form may stay open before its answer is refused (and the customer asked to open the link again).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Answers one client (one network address) may send per <see cref="LimitWindow"/>, on this instance.</summary>
    [Range(1, 100_000)]
    public int AnswersPerClient { get; set; } = 10;

    /// <summary>Answers one link may take per <see cref="LimitWindow"/>, on this instance.</summary>
    [Range(1, 1_000_000)]
    public int AnswersPerLink { get; set; } = 600;

    /// <summary>Survey pages one client may open per <see cref="LimitWindow"/>, on this instance.</summary>
    [Range(1, 100_000)]
    public int PagesPerClient { get; set; } = 60;

    /// <summary>The sliding window of the limits above.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LimitWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Set by the host in local mode with no key: a random key for the life of the process (links die with it).</summary>
    internal bool KeyGenerated { get; set; }
}
