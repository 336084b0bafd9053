using CxBot.Features.People;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.People;

/// <summary>Install pacing shared through a table row, so two instances never exceed the tenant's rate together.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InstallPacerTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

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
        var now = people.Time.GetUtcNow();
        await pacer.WaitTurnAsync(people.Tenant, default);

        var second = pacer.WaitTurnAsync(people.Tenant, default);
        // Its slot (now + 500 ms) is claimed once the row holds the slot after it; the clock has not moved, so it waits.
        Assert.True(await Poll.UntilAsync(async () => await NextSlotAsync(people) == now + TimeSpan.FromSeconds(1), Patience));
        Assert.False(second.IsCompleted);

        // It may not have started its wait yet: a step taken before then fires nothing, the next one does.
        Assert.True(await people.Time.AdvanceUntilAsync(TimeSpan.FromMilliseconds(500), () => second.IsCompleted, Patience));
        await second;
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

    private static async Task<DateTimeOffset?> NextSlotAsync(PeopleHarness people)
    {
        var row = await people.Tables.GetTableClient(PeopleTables.Pacing).GetEntityIfExistsAsync(PeopleTables.Partition(people.Tenant), "install", default);
        return row?.GetDateTimeOffset("NextAt");
    }
}
