using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CxBot.Testing;

/// <summary>Serves OpenID metadata and a JWKS (with Bot Framework <c>endorsements</c>) for RSA keys the test mints, and mints tokens.</summary>
public sealed class OpenIdServer : IAsyncDisposable
{
    /// <summary>The issuer the tokens carry by default.</summary>
    public const string Issuer = "https://api.botframework.com";

    private readonly List<(RsaSecurityKey Key, string[] Endorsements)> _keys = [];
    private LoopbackServer _server = null!;
    private int _metadataHits;

    /// <summary>The signing key published first.</summary>
    public RsaSecurityKey Key => _keys[0].Key;

    /// <summary>The metadata URL for <c>Bot:OpenIdMetadataUrl</c>.</summary>
    public Uri MetadataUrl => new(_server.BaseUrl, ".well-known/openidconfiguration");

    /// <summary>How many times the metadata was fetched.</summary>
    public int MetadataHits => Volatile.Read(ref _metadataHits);

    /// <summary>Starts a server with one key endorsed for <c>msteams</c>.</summary>
    public static async Task<OpenIdServer> StartAsync()
    {
        var server = new OpenIdServer();
        server.AddKey(["msteams"]);
        server._server = await LoopbackServer.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>Mints a new RSA key, publishes it with these endorsements, and returns it.</summary>
    public RsaSecurityKey AddKey(string[] endorsements)
    {
        var key = NewKey();
        lock (_keys)
        {
            _keys.Add((key, endorsements));
        }

        return key;
    }

    /// <summary>A fresh RSA key that is not published.</summary>
    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = "k" + Guid.NewGuid().ToString("N")[..12] };

    /// <summary>Mints a token; every claim can be overridden.</summary>
    public string Mint(string audience, string serviceUrl, SecurityKey? key = null, string? issuer = Issuer, DateTime? notBefore = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(key ?? Key, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>).</summary>
    public static string MintUnsigned(string audience, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        var payload = new JsonObject { ["iss"] = Issuer, ["aud"] = audience, ["nbf"] = now - 60, ["exp"] = now + 1800, ["serviceurl"] = serviceUrl };
        return Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString()) + ".";
    }

    /// <summary>An HS256 token whose HMAC key is the published RSA public key (the key-confusion attack).</summary>
    public string MintHs256WithPublicKey(string audience, string serviceUrl)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Key.Rsa.ExportParameters(false)) { KeyId = Key.KeyId });
        var secret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwk.N + jwk.E)) { KeyId = Key.KeyId };
        return Mint(audience, serviceUrl, secret, algorithm: SecurityAlgorithms.HmacSha256);
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (http.Request.Path == "/.well-known/openidconfiguration")
        {
            Interlocked.Increment(ref _metadataHits);
            await http.Response.WriteAsJsonAsync(new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = new Uri(_server.BaseUrl, "keys").ToString(), ["id_token_signing_alg_values_supported"] = new JsonArray("RS256") });
            return;
        }

        if (http.Request.Path == "/keys")
        {
            var keys = new JsonArray();
            lock (_keys)
            {
                foreach (var (key, endorsements) in _keys)
                {
                    var p = key.Rsa.ExportParameters(false);
                    keys.Add(new JsonObject
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["kid"] = key.KeyId,
                        ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                        ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                        ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
                    });
                }
            }

            await http.Response.WriteAsJsonAsync(new JsonObject { ["keys"] = keys });
            return;
        }

        http.Response.StatusCode = 404;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
