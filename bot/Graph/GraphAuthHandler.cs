using System.Net.Http.Headers;
using Azure.Core;

namespace CxBot.Graph;

/// <summary>The app-only credential for Graph and its scope (<c>https://graph.microsoft.com/.default</c> in the public cloud).</summary>
internal sealed record GraphCredential(TokenCredential Credential, string Scope);

/// <summary>Adds an app-only Graph token to each request. Azure.Identity's credentials cache tokens until shortly before they expire.</summary>
internal sealed class GraphAuthHandler(GraphCredential credential) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await credential.Credential.GetTokenAsync(new TokenRequestContext([credential.Scope]), cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return await base.SendAsync(request, cancellationToken);
    }
}
