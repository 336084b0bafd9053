using System.Globalization;
using CxBot.Testing;

namespace CxBot.Tests.Testing;

/// <summary>What the suite relies on from <c>FakeTimeProvider</c> (so an upgrade that changed it fails here first), and <see cref="FakeTime"/>.</summary>
public sealed class FakeTimeTests
{
    [Fact]
    public void Advance_FiresDueTimersInOrder_WithTheClockAlreadyAtTheTarget()
    {
        var time = FakeTime.AtMonday();
        var fired = new List<string>();
        using var once = time.CreateTimer(_ => fired.Add("once@" + time.GetUtcNow().ToString("HH:mm", CultureInfo.InvariantCulture)), null, TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
        using var every = time.CreateTimer(_ => fired.Add("every@" + time.GetUtcNow().ToString("HH:mm", CultureInfo.InvariantCulture)), null, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20));

        time.Advance(TimeSpan.FromMinutes(45));

        // A callback sees the target time, not its own due time: a test that needs each pass to see its moment advances in steps.
        Assert.Equal(["every@09:45", "once@09:45", "every@09:45"], fired);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 45, 0, TimeSpan.Zero), time.GetUtcNow());
    }

    [Fact]
    public async Task Delay_CompletesOnlyWhenAdvanced()
    {
        var time = FakeTime.AtMonday();

        var delay = Task.Delay(TimeSpan.FromSeconds(10), time);
        time.Advance(TimeSpan.FromSeconds(9));
        var earlyDone = delay.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(earlyDone);
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AdvanceUntil_WaitStartsLate_NextStepFiresIt()
    {
        var time = FakeTime.AtMonday();
        var waitStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = 0;
        var waiter = Task.Run(async () =>
        {
            await waitStarted.Task;
            await Task.Delay(TimeSpan.FromMinutes(1), time);
        });

        var done = await time.AdvanceUntilAsync(
            TimeSpan.FromMinutes(1),
            () =>
            {
                // The wait begins only after the first step has moved the clock (which fires nothing).
                if (++steps == 2)
                {
                    waitStarted.SetResult();
                }

                return waiter.IsCompleted;
            },
            TimeSpan.FromSeconds(30));

        Assert.True(done);
        await waiter;
        Assert.True(time.GetUtcNow() >= FakeTime.Monday + TimeSpan.FromMinutes(2));
    }
}
