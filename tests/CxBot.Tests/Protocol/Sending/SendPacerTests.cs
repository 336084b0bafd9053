using CxBot.Protocol.Sending;
using CxBot.Testing;

namespace CxBot.Tests.Protocol.Sending;

public sealed class SendPacerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void TryAcquire_TenantLimit_SpacesRequestsEvenly()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(10, TimeSpan.Zero, TimeSpan.Zero), clock);

        Assert.True(pacer.TryAcquire("a").Granted);
        var next = pacer.TryAcquire("b");

        Assert.False(next.Granted);
        Assert.True(next.TenantBound);
        Assert.Equal(TimeSpan.FromMilliseconds(100), next.Wait);
        clock.Advance(next.Wait);
        Assert.True(pacer.TryAcquire("b").Granted);
    }

    [Fact]
    public void TryAcquire_SendingFlatOut_NeverMoreThanTheLimitInAnyWindowAndKeepsTheRate()
    {
        var clock = FakeTime.AtMonday();
        var margin = TimeSpan.FromMilliseconds(20);
        var pacer = new SendPacer(new PacerLimits(50, margin, TimeSpan.Zero), clock);
        var start = clock.GetUtcNow();
        var granted = new List<DateTimeOffset>();
        var jitter = new Random(7);

        for (var i = 0; granted.Count < 1000; i++)
        {
            var decision = pacer.TryAcquire("conversation-" + i);
            if (decision.Granted)
            {
                granted.Add(clock.GetUtcNow());
                continue;
            }

            // Timers fire late by up to 15 ms, as on a busy machine.
            clock.Advance(decision.Wait + TimeSpan.FromMilliseconds(jitter.Next(0, 15)));
        }

        for (var i = 50; i < granted.Count; i++)
        {
            Assert.True(granted[i] - granted[i - 50] >= Second + margin, $"request {i} came {(granted[i] - granted[i - 50]).TotalMilliseconds} ms after request {i - 50}");
        }

        var rate = (granted.Count - 1) / (granted[^1] - start).TotalSeconds;
        Assert.InRange(rate, 50 * 0.97, 50);
    }

    [Fact]
    public void TryAcquire_OneConversation_KeepsTheTeamsWindows()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(1000, TimeSpan.Zero, TimeSpan.Zero), clock);
        var granted = new List<DateTimeOffset>();

        while (clock.GetUtcNow() < FakeTime.Monday + TimeSpan.FromMinutes(2))
        {
            var decision = pacer.TryAcquire("busy");
            if (decision.Granted)
            {
                granted.Add(clock.GetUtcNow());
            }
            else
            {
                clock.Advance(decision.Wait);
            }
        }

        foreach (var (count, length) in SendPacer.ConversationWindows.Take(3))
        {
            for (var i = count; i < granted.Count; i++)
            {
                Assert.True(granted[i] - granted[i - count] >= length, $"{count + 1} requests within {length}");
            }
        }

        Assert.Equal(7, granted.Count(t => t < granted[0] + Second));
        Assert.InRange(granted.Count, 230, 240);
    }

    [Fact]
    public void TryAcquire_OneConversationFull_OthersStillGo()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(1000, TimeSpan.Zero, TimeSpan.Zero), clock);
        for (var i = 0; i < 7; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(pacer.TryAcquire("full").Granted);
        }

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var blocked = pacer.TryAcquire("full");

        Assert.False(blocked.Granted);
        Assert.False(blocked.TenantBound);
        Assert.True(pacer.TryAcquire("other").Granted);
    }

    [Fact]
    public void Pause_After429_HoldsTheWholeTenant()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(50, TimeSpan.Zero, TimeSpan.Zero), clock);
        Assert.True(pacer.TryAcquire("a").Granted);

        pacer.Throttled(TimeSpan.FromSeconds(3));
        clock.Advance(TimeSpan.FromSeconds(1));
        var held = pacer.TryAcquire("b");

        Assert.False(held.Granted);
        Assert.True(held.TenantBound);
        Assert.Equal(TimeSpan.FromSeconds(2), held.Wait);
        clock.Advance(held.Wait);
        Assert.True(pacer.TryAcquire("c").Granted);
    }

    [Fact]
    public void Throttled_WithoutRetryAfter_SlowsTheTenantAndSuccessesRecoverIt()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(50, TimeSpan.Zero, TimeSpan.Zero), clock);
        Assert.True(pacer.TryAcquire("a").Granted);
        Assert.Equal(TimeSpan.FromMilliseconds(20), pacer.TryAcquire("b").Wait);

        for (var i = 0; i < 5; i++)
        {
            pacer.Throttled(null);
        }

        clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(pacer.TryAcquire("b").Granted);
        Assert.Equal(0.59, pacer.Pace, 2);
        Assert.Equal(TimeSpan.FromMilliseconds(20 / 0.59049).TotalMilliseconds, pacer.TryAcquire("c").Wait.TotalMilliseconds, 0);

        for (var i = 0; i < 50; i++)
        {
            pacer.Succeeded();
        }

        Assert.Equal(1, pacer.Pace);
    }

    [Fact]
    public void TryAcquire_NewHolder_WaitsTheQuietStartFirst()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(50, TimeSpan.Zero, Second), clock);

        var first = pacer.TryAcquire("a");

        Assert.False(first.Granted);
        Assert.Equal(Second, first.Wait);
    }

    [Fact]
    public void TryAcquire_SlowStart_BeginsAtTheGivenShareAndRampsUp()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(50, TimeSpan.Zero, TimeSpan.Zero, StartPace: 0.5), clock);
        Assert.True(pacer.TryAcquire("a").Granted);

        Assert.Equal(TimeSpan.FromMilliseconds(40), pacer.TryAcquire("b").Wait);
        for (var i = 0; i < 50; i++)
        {
            pacer.Succeeded();
        }

        Assert.Equal(1, pacer.Pace);
    }

    [Fact]
    public void TryAcquire_AfterAnHour_ForgetsOldConversations()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(1000, TimeSpan.Zero, TimeSpan.Zero), clock);
        for (var i = 0; i < 100; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            Assert.True(pacer.TryAcquire("c" + i).Granted);
        }

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.True(pacer.TryAcquire("fresh").Granted);

        Assert.Equal(1, pacer.ConversationsTracked);
    }
}
