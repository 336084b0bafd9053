using CxBot.Storage;

namespace CxBot.Tests.Storage;

public sealed class RowGatesTests
{
    [Fact]
    public async Task Run_ManyWritersOfOneRow_TakeTurns()
    {
        var gates = new RowGates();
        var inside = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gates.RunAsync("pk", "row", async () =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Delay(2);
            Interlocked.Decrement(ref inside);
        }, default)));

        Assert.Equal(1, most);
    }

    [Fact]
    public async Task Run_WorkFails_GateIsFreeForTheNext()
    {
        var gates = new RowGates(stripes: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => gates.RunAsync<int>("pk", "a", () => throw new InvalidOperationException("refused"), default));
        var next = await gates.RunAsync("pk", "b", () => Task.FromResult(7), default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(7, next);
    }

    [Fact]
    public async Task Run_CancelledWhileWaiting_NeverRunsAndLeavesTheHolderAlone()
    {
        var gates = new RowGates();
        var release = new TaskCompletionSource();
        var holder = gates.RunAsync("pk", "row", () => release.Task, default);
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var waiter = gates.RunAsync("pk", "row", () =>
        {
            ran = true;
            return Task.CompletedTask;
        }, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.False(holder.IsCompleted);
        release.SetResult();
        await holder;
        Assert.False(ran);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
