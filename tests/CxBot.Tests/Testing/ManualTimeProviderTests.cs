using CxBot.Testing;

namespace CxBot.Tests.Testing;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_FiresDueTimersInOrder_AndRepeatsPeriodic()
    {
        var time = new ManualTimeProvider();
        var fired = new List<string>();
        using var once = time.CreateTimer(_ => fired.Add("once@" + time.GetUtcNow().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), null, TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
        using var every = time.CreateTimer(_ => fired.Add("every@" + time.GetUtcNow().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), null, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20));

        time.Advance(TimeSpan.FromMinutes(45));

        Assert.Equal(["every@09:20", "once@09:30", "every@09:40"], fired);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 45, 0, TimeSpan.Zero), time.GetUtcNow());
    }

    [Fact]
    public async Task Delay_CompletesOnlyWhenAdvanced()
    {
        var time = new ManualTimeProvider();

        var delay = Task.Delay(TimeSpan.FromSeconds(10), time);
        time.Advance(TimeSpan.FromSeconds(9));
        var earlyDone = delay.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(earlyDone);
        Assert.True(delay.IsCompletedSuccessfully);
    }
}
