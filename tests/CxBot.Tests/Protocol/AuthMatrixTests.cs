using System.Net;
using System.Text.Json.Nodes;
using CxBot.Protocol.References;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CxBot.Tests.Protocol;

/// <summary>Inbound JWT validation against a minted RSA key served as OpenID metadata + JWKS on loopback.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuthMatrixTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Tenant = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f";
    private OpenIdServer _openId = null!;
    private FakeConnector _connector = null!;
    private FakeTokenEndpoint _tokens = null!;
    private BotApp _app = null!;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdServer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _tokens = await FakeTokenEndpoint.StartAsync();
        _app = BotApp.Authenticated(azurite.Server, _openId, _tokens);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        await _openId.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    public static TheoryData<string, HttpStatusCode> Cases => new()
    {
        { "valid", HttpStatusCode.OK },
        { "valid-expired-within-skew", HttpStatusCode.OK },
        { "missing-header", HttpStatusCode.Unauthorized },
        { "not-bearer", HttpStatusCode.Unauthorized },
        { "expired", HttpStatusCode.Unauthorized },
        { "not-yet-valid", HttpStatusCode.Unauthorized },
        { "wrong-issuer", HttpStatusCode.Unauthorized },
        { "wrong-audience", HttpStatusCode.Unauthorized },
        { "bad-signature", HttpStatusCode.Unauthorized },
        { "alg-none", HttpStatusCode.Unauthorized },
        { "hs256-public-key", HttpStatusCode.Unauthorized },
        { "unknown-kid", HttpStatusCode.Unauthorized },
        { "garbage", HttpStatusCode.Unauthorized },
        { "missing-endorsement", HttpStatusCode.Forbidden },
        { "serviceurl-mismatch", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PostMessages_TokenCase_ExpectedStatusAndOnlyValidChangesAnything(string scenario, HttpStatusCode expected)
    {
        var activity = TeamsFixtures.Personal("install-personal", _connector.ServiceUrl);
        var serviceUrl = _connector.ServiceUrl;
        var now = DateTime.UtcNow;
        string? authorization = scenario switch
        {
            "valid" => Bearer(_openId.Mint(BotApp.AppId, serviceUrl)),
            "valid-expired-within-skew" => Bearer(_openId.Mint(BotApp.AppId, serviceUrl, notBefore: now.AddMinutes(-20), expires: now.AddMinutes(-3))),
            "missing-header" => null,
            "not-bearer" => "Basic " + _openId.Mint(BotApp.AppId, serviceUrl),
            "expired" => Bearer(_openId.Mint(BotApp.AppId, serviceUrl, notBefore: now.AddMinutes(-30), expires: now.AddMinutes(-6))),
            "not-yet-valid" => Bearer(_openId.Mint(BotApp.AppId, serviceUrl, notBefore: now.AddMinutes(6), expires: now.AddMinutes(30))),
            "wrong-issuer" => Bearer(_openId.Mint(BotApp.AppId, serviceUrl, issuer: "https://sts.windows.net/evil/")),
            "wrong-audience" => Bearer(_openId.Mint("00000000-0000-0000-0000-000000000000", serviceUrl)),
            "bad-signature" => Bearer(_openId.Mint(BotApp.AppId, serviceUrl, key: new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = _openId.Key.KeyId })),
            "alg-none" => Bearer(OpenIdServer.MintUnsigned(BotApp.AppId, serviceUrl)),
            "hs256-public-key" => Bearer(_openId.MintHs256WithPublicKey(BotApp.AppId, serviceUrl)),
            "unknown-kid" => Bearer(_openId.Mint(BotApp.AppId, serviceUrl, key: OpenIdServer.NewKey())),
            "garbage" => "Bearer not.a.jwt",
            "missing-endorsement" => Bearer(_openId.Mint(BotApp.AppId, serviceUrl, key: _openId.AddKey(["webchat"]))),
            "serviceurl-mismatch" => Bearer(_openId.Mint(BotApp.AppId, "https://smba.trafficmanager.net/emea/")),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        using var response = await _app.PostAsync(activity, authorization);

        Assert.Equal(expected, response.StatusCode);
        var stored = await _app.Services.GetRequiredService<ConversationReferenceStore>()
            .GetAsync(ProactiveTarget.User(Tenant, activity["from"]!["aadObjectId"]!.GetValue<string>()), default);
        if (expected == HttpStatusCode.OK)
        {
            Assert.NotNull(stored);

            // The welcome, and (each test app having its own tables, so the tenant has no admin yet) the first-admin note.
            Assert.Equal(2, _connector.Requests.Count);
            Assert.Contains(_connector.Requests, r => r.Body.Contains("Welcome to CxBot", StringComparison.Ordinal));
        }
        else
        {
            Assert.Null(stored);
            Assert.Empty(_connector.Requests);
        }
    }

    [Fact]
    public async Task PostMessages_KeyRotatedAfterFirstFetch_RefreshesOnUnknownKidAndAccepts()
    {
        var first = TeamsFixtures.Personal("message-personal", _connector.ServiceUrl);
        first["text"] = "help";
        using (var response = await _app.PostAsync(first, Bearer(_openId.Mint(BotApp.AppId, _connector.ServiceUrl))))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var hits = _openId.MetadataHits;
        var rotated = _openId.AddKey(["msteams"]);
        var second = TeamsFixtures.Personal("message-personal", _connector.ServiceUrl);
        second["text"] = "help";

        using var again = await _app.PostAsync(second, Bearer(_openId.Mint(BotApp.AppId, _connector.ServiceUrl, key: rotated)));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(hits + 1, _openId.MetadataHits);
    }

    [Fact]
    public async Task PostMessages_ValidToken_RepliesCarryCachedConnectorToken()
    {
        foreach (var text in new[] { "help", "HELP" })
        {
            var activity = TeamsFixtures.Personal("message-personal", _connector.ServiceUrl);
            activity["text"] = text;
            using var response = await _app.PostAsync(activity, Bearer(_openId.Mint(BotApp.AppId, _connector.ServiceUrl)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var token = Assert.Single(_tokens.IssuedTokens);
        Assert.All(_connector.Requests, r => Assert.Equal("Bearer " + token, r.Authorization));
        Assert.Equal(2, _connector.Requests.Count);
        Assert.Contains("client_credentials", _tokens.Requests.Single(), StringComparison.Ordinal);
        Assert.Contains("api.botframework.com", Uri.UnescapeDataString(_tokens.Requests.Single()), StringComparison.Ordinal);
        Assert.Contains("/8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f/oauth2/v2.0/token", _tokens.Requests.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_CertificateCredential_TokenRequestedWithClientAssertion()
    {
        var pfx = Path.Combine(Path.GetTempPath(), "cxbot-test-" + Guid.NewGuid().ToString("N") + ".pfx");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=cxbot-test", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pw"));
        }

        try
        {
            await using var app = BotApp.Authenticated(azurite.Server, _openId, _tokens, ("Bot:ClientSecret", ""), ("Bot:CertificatePath", pfx), ("Bot:CertificatePassword", "pw"));
            var activity = TeamsFixtures.Personal("message-personal", _connector.ServiceUrl);
            activity["text"] = "help";

            using var response = await app.PostAsync(activity, Bearer(_openId.Mint(BotApp.AppId, _connector.ServiceUrl)));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var form = Uri.UnescapeDataString(Assert.Single(_tokens.Requests));
            Assert.Contains("client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form, StringComparison.Ordinal);
            Assert.DoesNotContain("client_secret", form, StringComparison.Ordinal);
            Assert.Equal("Bearer " + _tokens.IssuedTokens.Single(), Assert.Single(_connector.Requests).Authorization);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    private static string Bearer(string token) => "Bearer " + token;
}
