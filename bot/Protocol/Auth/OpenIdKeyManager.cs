using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CxBot.Protocol.Auth;

/// <summary>
/// Fetches and caches the channel's OpenID metadata and JWKS: refreshed daily, and at once (at most every
/// <see cref="ForcedRefreshInterval"/>) when a token names a key id the cache does not hold.
/// </summary>
internal sealed class OpenIdKeyManager(HttpClient http, IOptions<BotOptions> options, TimeProvider time, ILogger<OpenIdKeyManager> logger)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromDays(1);
    public static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Uri _metadataUrl = options.Value.OpenIdMetadataUrl;
    private ChannelSigningKeys? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastForced = DateTimeOffset.MinValue;

    /// <summary>The cached keys, fetched when missing or older than a day.</summary>
    public async ValueTask<ChannelSigningKeys> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() - _fetchedAt < RefreshInterval)
        {
            return current;
        }

        return await RefreshAsync(force: false, cancellationToken);
    }

    /// <summary>Refreshes because a token named an unknown key id; throttled so unknown ids cannot flood the metadata endpoint.</summary>
    public async ValueTask<ChannelSigningKeys> RefreshForUnknownKeyAsync(CancellationToken cancellationToken) =>
        await RefreshAsync(force: true, cancellationToken);

    private async Task<ChannelSigningKeys> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_current is not null && (force ? now - _lastForced < ForcedRefreshInterval : now - _fetchedAt < RefreshInterval))
            {
                return _current;
            }

            if (force)
            {
                _lastForced = now;
            }

            try
            {
                _current = await FetchAsync(cancellationToken);
                _fetchedAt = now;
                Log.SigningKeysRefreshed(logger, _current.Keys.Count);
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.SigningKeysFailed(logger, ex);
                if (_current is null)
                {
                    throw new SecurityTokenException("The channel's signing keys could not be fetched.", ex);
                }
            }

            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ChannelSigningKeys> FetchAsync(CancellationToken cancellationToken)
    {
        var metadata = OpenIdConnectConfiguration.Create(await GetAsync(_metadataUrl, cancellationToken));
        var jwksUri = new Uri(metadata.JwksUri ?? throw new ArgumentException("The OpenID metadata has no jwks_uri."));
        var jwks = await GetAsync(jwksUri, cancellationToken);
        var keys = new JsonWebKeySet(jwks).GetSigningKeys();
        var endorsements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(jwks);
        foreach (var key in doc.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                endorsements[kid.GetString()!] = [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
            }
        }

        return new ChannelSigningKeys([.. keys], endorsements);
    }

    private async Task<string> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            throw new ArgumentException("OpenID documents must come over https (plain http only from a loopback host).");
        }

        using var response = await http.GetAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
