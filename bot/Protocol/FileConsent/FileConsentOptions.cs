namespace CxBot.Protocol.FileConsent;

/// <summary>The <c>FileConsent</c> section: where files a user accepted may be uploaded (falls back to <c>Ideas:UploadHosts</c>).</summary>
internal sealed class FileConsentOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FileConsent";

    /// <summary>The section older configurations used for the same list.</summary>
    public const string LegacySection = "Ideas";

    /// <summary>Used when <see cref="UploadHosts"/> is empty: OneDrive for Business.</summary>
    public static readonly IReadOnlyList<string> DefaultUploadHosts = ["sharepoint.com"];

    /// <summary>
    /// Host names (or their parent domains) that Teams' file-consent upload URLs may point to; any other URL is refused, so a crafted
    /// invoke cannot make the bot send data elsewhere. https only; plain http only for a listed loopback address (tests).
    /// </summary>
    public IReadOnlyList<string> UploadHosts { get; set; } = [];

    /// <summary>The hosts in force.</summary>
    public IReadOnlyList<string> Hosts => UploadHosts.Count == 0 ? DefaultUploadHosts : UploadHosts;

    /// <summary>True when <paramref name="url"/> is an allowed upload target.</summary>
    public bool AllowsUpload(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && Hosts.Any(h => string.Equals(uri.Host, h, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));
}
