using CxBot.Protocol.Sending;
using CxBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Protocol.Sending;

/// <summary>The estimated model: a request counts in the windows from its estimated arrival, learned from the round trips, made stricter by 429s.</summary>
public sealed class SendPacerArrivalTests
{
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void WindowFull_RoundTripsOf100Ms_OpensTheQuickestRoundTripBeforeTheStrictModelWould()
    {
        var (strict, strictClock) = Filled(estimate: false);
        var (estimated, estimatedClock) = Filled(estimate: true);

        var strictWait = strict.TryAcquire("next", interactive: true).Wait;
        var estimatedWait = estimated.TryAcquire("next", interactive: true).Wait;

        Assert.Equal(TimeSpan.Zero, strict.ArrivalCredit);
        Assert.Equal(TimeSpan.FromMilliseconds(100), estimated.ArrivalCredit);
        Assert.Equal(TimeSpan.FromMilliseconds(100), strictWait - estimatedWait);
        Assert.Equal(strictClock.GetUtcNow(), estimatedClock.GetUtcNow());
    }

    [Fact]
    public void Throttled_HalvesTheCreditAndSuccessesBringItBack()
    {
        var (pacer, _) = Filled(estimate: true);

        pacer.Throttled(null);
        Assert.Equal(TimeSpan.FromMilliseconds(50), pacer.ArrivalCredit);
        for (var i = 0; i < 200; i++)
        {
            pacer.Succeeded();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.ArrivalCredit);
    }

    [Fact]
    public void Credit_QuickestRoundTripCounts_ASlowAnswerDoesNotRaiseIt()
    {
        var (pacer, clock) = Filled(estimate: true);
        clock.Advance(TimeSpan.FromSeconds(2));
        var slow = pacer.TryAcquire("slow").Slot!;
        clock.Advance(TimeSpan.FromSeconds(3));
        pacer.Answered(slow);

        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.ArrivalCredit);
    }

    /// <summary>A pacer of 5 a second whose window is full of requests answered 100 ms after they left.</summary>
    private static (SendPacer Pacer, FakeTimeProvider Clock) Filled(bool estimate)
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(5, TimeSpan.Zero, TimeSpan.Zero, AwaitAnswers: true) { EstimateArrival = estimate }, clock);
        for (var i = 0; i < 5; i++)
        {
            var slot = pacer.TryAcquire("bulk-" + i).Slot;
            Assert.NotNull(slot);
            clock.Advance(RoundTrip);
            pacer.Answered(slot);
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        return (pacer, clock);
    }
}
