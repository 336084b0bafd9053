using Azure.Core;

namespace CxBot.Storage;

/// <summary>Adds an Entra ID bearer token (for example a managed identity's) to each request, cached until shortly before it expires.</summary>
public sealed class BearerTokenHandler : DelegatingHandler
{
    /// <summary>The scope for Azure Storage.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly TokenCredential _credential;
    private readonly TokenRequestContext _context;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken _token;

    /// <summary>Creates the handler for a credential and scope.</summary>
    public BearerTokenHandler(TokenCredential credential, TimeProvider time, string scope = StorageScope)
    {
        _credential = credential;
        _time = time;
        _context = new TokenRequestContext([scope]);
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_token))
        {
            return _token.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(_token))
            {
                _token = await _credential.GetTokenAsync(_context, cancellationToken);
            }

            return _token.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsFresh(AccessToken token) =>
        token.Token is not null && token.ExpiresOn - RefreshMargin > _time.GetUtcNow();
}
