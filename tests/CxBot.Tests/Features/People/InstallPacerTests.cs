using CxBot.Features.People;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.People;

/// <summary>Install pacing shared through a table row, so two instances never exceed the tenant's rate together.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InstallPacerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Reserve_TwoInstancesAtOnce_SlotsSpacedByTheInterval()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        await using var other = people.NewInstance();
        var pacers = new[] { people.Get<InstallPacer>(), other.GetRequiredService<InstallPacer>() };
        var now = people.Time.GetUtcNow();

        var slots = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => pacers[i % 2].ReserveAsync(people.Tenant, default)));

        Assert.Equal(Enumerable.Range(0, 6).Select(i => now + TimeSpan.FromMilliseconds(500 * i)), slots.Order());
    }

    [Fact]
    public async Task WaitTurn_SlotInTheFuture_WaitsForTheClock()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var pacer = people.Get<InstallPacer>();
        await pacer.WaitTurnAsync(people.Tenant, default);

        var second = pacer.WaitTurnAsync(people.Tenant, default);
        Assert.True(SpinWait.SpinUntil(() => people.Time.PendingTimers > 0, TimeSpan.FromSeconds(10)));
        Assert.False(second.IsCompleted);
        people.Time.Advance(TimeSpan.FromMilliseconds(500));

        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Reserve_AfterAQuietSpell_StartsNow()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var pacer = people.Get<InstallPacer>();
        await pacer.ReserveAsync(people.Tenant, default);
        people.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(people.Time.GetUtcNow(), await pacer.ReserveAsync(people.Tenant, default));
    }
}
