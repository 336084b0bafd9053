using Azure.Core;

namespace CxBot.Protocol.Connector;

/// <summary>Bearer tokens for calls to the Bot Connector; null in local mode (no token is sent).</summary>
public interface IConnectorTokenProvider
{
    /// <summary>A token valid for a while yet, or null when tokens are not used.</summary>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>Where fresh tokens come from (MSAL, or a managed identity through Azure.Identity).</summary>
internal interface IConnectorTokenSource
{
    Task<AccessToken> AcquireAsync(CancellationToken cancellationToken);
}

/// <summary>Local mode: no tokens.</summary>
internal sealed class NoConnectorTokens : IConnectorTokenProvider
{
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}

/// <summary>Caches one token until <c>refreshMargin</c> before it expires; one acquisition at a time.</summary>
internal sealed class CachingConnectorTokenProvider(IConnectorTokenSource source, TimeProvider time, TimeSpan refreshMargin, ILogger<CachingConnectorTokenProvider> logger) : IConnectorTokenProvider
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_token))
        {
            return _token!.Value.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(_token))
            {
                var token = await source.AcquireAsync(cancellationToken);
                _token = token;
                Log.ConnectorTokenAcquired(logger, token.ExpiresOn);
            }

            return _token!.Value.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsFresh(AccessToken? token) => token is { } t && time.GetUtcNow() < t.ExpiresOn - refreshMargin;
}

/// <summary>Adds the connector token to each request (none in local mode).</summary>
internal sealed class ConnectorAuthHandler(IConnectorTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (await tokens.GetTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
