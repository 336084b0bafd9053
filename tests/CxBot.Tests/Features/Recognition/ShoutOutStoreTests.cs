using CxBot.Features.Recognition;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Recognition;

/// <summary>The shout-out rows against real Azurite: redelivery and concurrent +1s.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ShoutOutStoreTests(AzuriteFixture azurite)
{
    private readonly ShoutOutStore _store = new(TestTables.CreateService(azurite.Server.Endpoint));

    [Fact]
    public async Task PlusOneAsync_TwelvePeopleAtOnceEachTwice_CountsTwelve()
    {
        var s = await AddAsync();
        var people = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid().ToString()).ToList();

        var results = await Task.WhenAll(people.Concat(people).Select(p => _store.PlusOneAsync(s.TenantId, new ShoutOutRef(s.Month, s.Id), p, default)));

        Assert.Equal(12, results.Count(r => r!.Value.Counted));
        Assert.Equal(12, (await _store.GetAsync(s.TenantId, new ShoutOutRef(s.Month, s.Id), default))!.PlusOnes);
    }

    [Fact]
    public async Task TryAddAsync_SameTokenTwice_SecondRefusedAndRowUnchanged()
    {
        var s = await AddAsync();

        var again = await _store.TryAddAsync(s with { Message = "changed" }, default);

        Assert.False(again);
        Assert.Equal("Well done.", (await _store.GetAsync(s.TenantId, new ShoutOutRef(s.Month, s.Id), default))!.Message);
    }

    private async Task<ShoutOut> AddAsync()
    {
        var s = new ShoutOut(Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "Ada", [new Recipient(Guid.NewGuid().ToString(), "Priya")],
            new Behaviour("s:slot-kept", "Delivery slot kept", "⭐"), "Well done.", new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), 0);
        Assert.True(await _store.TryAddAsync(s, default));
        return s;
    }
}
