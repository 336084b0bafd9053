using Azure.Core;

namespace CxBot.Tests.Graph;

/// <summary>An app-only credential for tests: one fixed token, and the scopes it was asked for.</summary>
internal sealed class StaticTokenCredential(string token = StaticTokenCredential.Token) : TokenCredential
{
    public const string Token = "graph-test-token";

    public List<string> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (Scopes)
        {
            Scopes.AddRange(requestContext.Scopes);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
