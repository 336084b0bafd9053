namespace CxBot.Features.AppPackage;

/// <summary>The per-environment values the manifest template is filled with; nothing else in the manifest varies.</summary>
/// <param name="AppId">The Teams app id (manifest <c>id</c>): one GUID per environment, kept across versions.</param>
/// <param name="BotId">The bot's Entra app id or managed identity client id (<c>Bot:AppId</c>).</param>
/// <param name="Domain">The bot's host name, e.g. <c>cxbot-prod.azurewebsites.net</c>.</param>
/// <param name="Version">The package version, major.minor.patch; raise it for every upload.</param>
/// <param name="ProactiveInstall">Whether Graph proactive installation is configured (adds <c>webApplicationInfo</c>).</param>
internal sealed record AppPackageSettings(
    Guid AppId,
    Guid BotId,
    string Domain,
    string Version,
    string DeveloperName,
    Uri WebsiteUrl,
    Uri PrivacyUrl,
    Uri TermsOfUseUrl,
    bool ProactiveInstall)
{
    /// <summary>The template's placeholder names and their values.</summary>
    public IReadOnlyDictionary<string, string> Placeholders => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["appId"] = AppId.ToString("D"),
        ["botId"] = BotId.ToString("D"),
        ["domain"] = Domain,
        ["version"] = Version,
        ["developerName"] = DeveloperName,
        ["websiteUrl"] = WebsiteUrl.AbsoluteUri,
        ["privacyUrl"] = PrivacyUrl.AbsoluteUri,
        ["termsOfUseUrl"] = TermsOfUseUrl.AbsoluteUri,
    };
}
