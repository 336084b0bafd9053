using System.ComponentModel.DataAnnotations;

namespace CxBot.Features.AppPackage;

/// <summary>The <c>Teams</c> section: the values the Teams app package is built with (<c>manifest package</c>); the web app reads only <c>Teams:Domain</c>, as the customer survey links' default address.</summary>
internal sealed class TeamsAppOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Teams";

    /// <summary>The Teams app id (manifest <c>id</c>): a GUID chosen once per environment and kept for every version.</summary>
    [Required(ErrorMessage = "Teams:AppId (--app-id) is required: a GUID chosen once per environment.")]
    [RegularExpression(Patterns.Guid, ErrorMessage = "Teams:AppId (--app-id) must be a GUID.")]
    public string? AppId { get; set; }

    /// <summary>The bot's host name (no scheme or path), e.g. <c>cxbot-prod.azurewebsites.net</c>.</summary>
    [Required(ErrorMessage = "Teams:Domain (--domain) is required: the bot's host name, e.g. cxbot-prod.azurewebsites.net.")]
    [RegularExpression(Patterns.HostName, ErrorMessage = "Teams:Domain (--domain) must be a host name such as cxbot-prod.azurewebsites.net (no https://, no path).")]
    public string? Domain { get; set; }

    /// <summary>The package version; Teams only accepts an upload whose version is higher than the catalog's.</summary>
    [RegularExpression(Patterns.SemVer, ErrorMessage = "Teams:AppVersion (--version) must be major.minor.patch, e.g. 1.0.0.")]
    public string AppVersion { get; set; } = "1.0.0";

    /// <summary>The publisher shown in the Teams store listing (at most 32 characters).</summary>
    [Required(ErrorMessage = "Teams:DeveloperName (--developer-name) is required.")]
    [StringLength(32, ErrorMessage = "Teams:DeveloperName (--developer-name) must be at most 32 characters.")]
    public string? DeveloperName { get; set; }

    /// <summary>The publisher's web site (https; checked when the package is built).</summary>
    [Required(ErrorMessage = "Teams:WebsiteUrl (--website-url) is required.")]
    public string? WebsiteUrl { get; set; }

    /// <summary>The privacy statement (https; checked when the package is built).</summary>
    [Required(ErrorMessage = "Teams:PrivacyUrl (--privacy-url) is required.")]
    public string? PrivacyUrl { get; set; }

    /// <summary>The terms of use (https; checked when the package is built).</summary>
    [Required(ErrorMessage = "Teams:TermsOfUseUrl (--terms-url) is required.")]
    public string? TermsOfUseUrl { get; set; }

    /// <summary>Graph proactive installation is configured: the manifest gets <c>webApplicationInfo</c> with the bot's id.</summary>
    public bool ProactiveInstall { get; set; }

    private static class Patterns
    {
        public const string Guid = "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$";
        public const string HostName = "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,62}$";
        public const string SemVer = "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$";
    }
}
