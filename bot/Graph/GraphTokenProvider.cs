using Azure.Core;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CxBot.Graph;

/// <summary>The app-only credential for Graph and its scope (<c>https://graph.microsoft.com/.default</c> in the public cloud).</summary>
internal sealed record GraphCredential(TokenCredential Credential, string Scope);

/// <summary>
/// The SDK's source of app-only Graph tokens. Only the configured Graph root (its scheme, host and port) gets one: the
/// SDK's allowed-hosts check holds the host, and a request anywhere else gets no token. Azure.Identity's credentials cache
/// tokens until shortly before they expire.
/// </summary>
internal sealed class GraphTokenProvider(GraphCredential credential, Uri baseUrl) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([baseUrl.Host]);

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        if (!IsGraph(uri))
        {
            return string.Empty;
        }

        var token = await credential.Credential.GetTokenAsync(new TokenRequestContext([credential.Scope]), cancellationToken);
        return token.Token;
    }

    /// <summary>True for the configured Graph host, with the same scheme and port.</summary>
    public bool IsGraph(Uri uri) =>
        uri.IsAbsoluteUri && AllowedHostsValidator.IsUrlHostValid(uri)
        && string.Equals(uri.Scheme, baseUrl.Scheme, StringComparison.OrdinalIgnoreCase) && uri.Port == baseUrl.Port;
}
