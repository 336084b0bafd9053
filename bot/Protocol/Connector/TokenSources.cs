using Azure.Core;
using Microsoft.Identity.Client;

namespace CxBot.Protocol.Connector;

/// <summary>Client credentials (secret or certificate) through MSAL; this class's caller caches, so MSAL is asked to refresh.</summary>
internal sealed class MsalTokenSource(IConfidentialClientApplication app, string scope) : IConnectorTokenSource
{
    public async Task<AccessToken> AcquireAsync(CancellationToken cancellationToken)
    {
        var result = await app.AcquireTokenForClient([scope]).WithForceRefresh(true).ExecuteAsync(cancellationToken);
        return new AccessToken(result.AccessToken, result.ExpiresOn);
    }
}

/// <summary>A user-assigned managed identity (or any Azure.Identity credential).</summary>
internal sealed class CredentialTokenSource(TokenCredential credential, string scope) : IConnectorTokenSource
{
    public async Task<AccessToken> AcquireAsync(CancellationToken cancellationToken) =>
        await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
}

/// <summary>Gives MSAL the app's <see cref="IHttpClientFactory"/> clients.</summary>
internal sealed class MsalHttpClientFactory(IHttpClientFactory factory, string name) : IMsalHttpClientFactory
{
    public HttpClient GetHttpClient() => factory.CreateClient(name);
}
