using Azure.Core;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CxBot.Tests.Storage;

public sealed class BearerTokenHandlerTests
{
    [Fact]
    public async Task SendAsync_CachesTokenUntilFiveMinutesBeforeExpiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var credential = new Mock<TokenCredential>();
        var issued = 0;
        credential
            .Setup(c => c.GetTokenAsync(It.Is<TokenRequestContext>(r => r.Scopes.Single() == BearerTokenHandler.StorageScope), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new AccessToken("token" + ++issued, time.GetUtcNow().AddHours(1)));
        var capture = new CaptureHandler();
        using var client = new HttpClient(new BearerTokenHandler(credential.Object, time) { InnerHandler = capture });
        var uri = new Uri("https://acme.table.core.windows.net/Tables");

        await client.GetAsync(uri);
        time.Advance(TimeSpan.FromMinutes(54));
        await client.GetAsync(uri);
        time.Advance(TimeSpan.FromMinutes(2));
        await client.GetAsync(uri);

        Assert.Equal(
            ["Bearer token1", "Bearer token1", "Bearer token2"],
            capture.Requests.Select(r => r.Headers.GetValues("Authorization").Single()));
        credential.Verify(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

}
