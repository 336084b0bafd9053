using CxBot.Protocol;
using CxBot.Protocol.Auth;
using CxBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Protocol;

public sealed class OpenIdKeyManagerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HttpClient _http = new();
    private OpenIdServer _server = null!;

    public async Task InitializeAsync() => _server = await OpenIdServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetAsync_WithinADay_Cached_ThenRefreshed()
    {
        var keys = Manager();

        var first = await keys.GetAsync(default);
        await keys.GetAsync(default);
        _time.Advance(TimeSpan.FromHours(23));
        await keys.GetAsync(default);
        Assert.Equal(1, _server.MetadataHits);

        _time.Advance(TimeSpan.FromHours(2));
        await keys.GetAsync(default);

        Assert.Equal(2, _server.MetadataHits);
        Assert.True(first.HasKey(_server.Key.KeyId));
        Assert.True(first.IsEndorsed(_server.Key.KeyId, "msteams"));
        Assert.False(first.IsEndorsed(_server.Key.KeyId, "webchat"));
    }

    [Fact]
    public async Task RefreshForUnknownKey_Repeated_ThrottledThenAllowedAgain()
    {
        var keys = Manager();
        await keys.GetAsync(default);
        var added = _server.AddKey(["msteams"]);

        var refreshed = await keys.RefreshForUnknownKeyAsync(default);
        await keys.RefreshForUnknownKeyAsync(default);
        await keys.RefreshForUnknownKeyAsync(default);
        Assert.Equal(2, _server.MetadataHits);
        Assert.True(refreshed.HasKey(added.KeyId));

        _time.Advance(OpenIdKeyManager.ForcedRefreshInterval);
        await keys.RefreshForUnknownKeyAsync(default);

        Assert.Equal(3, _server.MetadataHits);
    }

    private OpenIdKeyManager Manager() =>
        new(_http, Options.Create(new BotOptions { OpenIdMetadataUrl = _server.MetadataUrl }), _time, NullLogger<OpenIdKeyManager>.Instance);
}
