using CxBot.Storage;
using CxBot.Testing;

namespace CxBot.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableLeaseTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private TableLease NewLease() => new(TestTables.CreateService(azurite.Server.Endpoint).GetTableClient("Leases"));

    [Fact]
    public async Task Take_WhileHeld_RefusesOthers_RenewsForHolder_FreesAfterExpiry()
    {
        var lease = NewLease();

        var first = await lease.TryTakeAsync("job", "a", Now, Now.AddSeconds(30), None);
        Assert.Equal(new LeaseGrant("job", "a", Now.AddSeconds(30)), first);
        Assert.Null(await lease.TryTakeAsync("job", "b", Now.AddSeconds(10), Now.AddSeconds(40), None));
        Assert.NotNull(await lease.TryTakeAsync("job", "a", Now.AddSeconds(20), Now.AddSeconds(50), None));
        Assert.Null(await lease.TryTakeAsync("job", "b", Now.AddSeconds(40), Now.AddSeconds(70), None));
        Assert.NotNull(await lease.TryTakeAsync("job", "b", Now.AddSeconds(51), Now.AddSeconds(80), None));
        Assert.Null(await lease.TryTakeAsync("job", "a", Now.AddSeconds(52), Now.AddSeconds(80), None));
    }

    [Fact]
    public async Task Release_ByHolder_FreesAtOnce_ByOthers_DoesNothing()
    {
        var lease = NewLease();
        await lease.TryTakeAsync("job", "a", Now, Now.AddMinutes(5), None);

        await lease.ReleaseAsync("job", "b", None);
        Assert.Null(await lease.TryTakeAsync("job", "b", Now, Now.AddMinutes(5), None));

        await lease.ReleaseAsync("job", "a", None);
        Assert.NotNull(await lease.TryTakeAsync("job", "b", Now, Now.AddMinutes(5), None));
    }

    [Fact]
    public async Task Take_TwentyRacers_ExactlyOneWins()
    {
        var lease = NewLease();

        var grants = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => lease.TryTakeAsync("race", "h" + i, Now, Now.AddMinutes(1), None)));

        Assert.Single(grants, g => g is not null);
    }
}
