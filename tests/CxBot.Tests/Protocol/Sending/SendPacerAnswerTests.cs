using CxBot.Protocol.Sending;
using CxBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Protocol.Sending;

/// <summary>The pacer with windows counted until each request's answer (<see cref="PacerLimits.AwaitAnswers"/>), and its answer to 429s.</summary>
public sealed class SendPacerAnswerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void TryAcquire_LateAnswer_NextWindowOpensOneSecondAfterTheAnswer()
    {
        var clock = FakeTime.AtMonday();
        var pacer = Pacer(10, clock);
        var start = clock.GetUtcNow();
        var slots = new List<SendSlot>();
        while (slots.Count < 10)
        {
            var decision = pacer.TryAcquire("c" + slots.Count);
            if (decision.Slot is { } slot)
            {
                // The first request is answered only at 950 ms; the others at once.
                if (slots.Count > 0)
                {
                    pacer.Answered(slot);
                }

                slots.Add(slot);
                continue;
            }

            clock.Advance(decision.Wait);
        }

        clock.SetUtcNow(start + TimeSpan.FromMilliseconds(950));
        pacer.Answered(slots[0]);
        clock.SetUtcNow(start + Second);
        var eleventh = pacer.TryAcquire("c10");

        Assert.False(eleventh.Granted);
        Assert.True(eleventh.TenantBound);
        Assert.Equal(TimeSpan.FromMilliseconds(950), eleventh.Wait);
        clock.Advance(eleventh.Wait);
        Assert.True(pacer.TryAcquire("c10").Granted);
    }

    [Fact]
    public void TryAcquire_RequestStillInFlight_HoldsTheWindowUntilItsAnswer()
    {
        var clock = FakeTime.AtMonday();
        var pacer = Pacer(1000, clock);
        var slots = new List<SendSlot>();
        for (var i = 0; i < 7; i++)
        {
            slots.Add(pacer.TryAcquire("busy").Slot!);
            clock.Advance(Ms);
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        var held = pacer.TryAcquire("busy");

        Assert.False(held.Granted);
        Assert.False(held.TenantBound);
        Assert.Equal(Second, held.Wait);
        foreach (var slot in slots)
        {
            pacer.Answered(slot);
        }

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(pacer.TryAcquire("busy").Granted);
        clock.Advance(Ms);
        Assert.True(pacer.TryAcquire("busy").Granted);
    }

    [Fact]
    public void OpenAt_AnswersOutOfOrder_AnEarlierSlowRequestStillCounts()
    {
        var start = FakeTime.Monday;
        var log = new RequestLog(2);
        var slots = new[] { new SendSlot(), new SendSlot(), new SendSlot() };
        foreach (var slot in slots)
        {
            log.Add(slot);
        }

        // The oldest came back last: the service may have got it just then, after the second one's answer.
        slots[0].AnsweredAt = start + TimeSpan.FromMilliseconds(1200);
        slots[1].AnsweredAt = start + TimeSpan.FromMilliseconds(510);
        slots[2].AnsweredAt = start + TimeSpan.FromMilliseconds(2200);

        Assert.Equal(start + TimeSpan.FromMilliseconds(2200), log.OpenAt(2, Second, TimeSpan.Zero, start));
    }

    [Fact]
    public void TryAcquire_ArrivalsAnywhereBetweenSendAndAnswer_NoServiceWindowHoldsMoreThanTheLimit()
    {
        var clock = FakeTime.AtMonday();
        var pacer = Pacer(50, clock);
        var random = new Random(11);
        var inFlight = new List<(SendSlot Slot, DateTimeOffset AnswerAt)>();
        var arrivals = new List<DateTimeOffset>();
        var busy = new List<DateTimeOffset>();
        while (arrivals.Count < 2000)
        {
            var now = clock.GetUtcNow();
            foreach (var done in inFlight.Where(f => f.AnswerAt <= now).ToList())
            {
                pacer.Answered(done.Slot);
                inFlight.Remove(done);
            }

            // One busy conversation takes every slot its windows allow; the rest go each to their own conversation.
            var decision = pacer.TryAcquire("busy");
            var conversation = "busy";
            if (!decision.Granted && !decision.TenantBound)
            {
                conversation = "c" + arrivals.Count;
                decision = pacer.TryAcquire(conversation);
            }

            if (decision.Slot is { } slot)
            {
                // Answers take 1 to 300 ms; the service stamps the arrival anywhere in between (requests overtake each other).
                var answerAt = now + TimeSpan.FromMilliseconds(random.Next(1, 300));
                var arrival = now + ((answerAt - now) * random.NextDouble());
                inFlight.Add((slot, answerAt));
                arrivals.Add(arrival);
                if (conversation == "busy")
                {
                    busy.Add(arrival);
                }

                continue;
            }

            var nextAnswer = inFlight.Count == 0 ? DateTimeOffset.MaxValue : inFlight.Min(f => f.AnswerAt);
            var wake = now + decision.Wait < nextAnswer ? now + decision.Wait : nextAnswer;
            clock.SetUtcNow(wake + TimeSpan.FromMilliseconds(random.Next(0, 3)));
        }

        Assert.InRange(MostInWindow(arrivals, Second), 1, 50);
        Assert.InRange(MostInWindow(busy, Second), 1, 7);
        Assert.InRange(MostInWindow(busy, TimeSpan.FromSeconds(2)), 1, 8);
        Assert.InRange(MostInWindow(busy, TimeSpan.FromSeconds(30)), 1, 60);
    }

    [Fact]
    public void TryAcquire_QuickAnswers_KeepsCloseToTheLimit()
    {
        var clock = FakeTime.AtMonday();
        var pacer = Pacer(50, clock);
        var start = clock.GetUtcNow();
        var granted = 0;
        while (granted < 1000)
        {
            if (pacer.TryAcquire("c" + granted) is { Slot: { } slot })
            {
                granted++;

                // Each answer comes 2 ms after its request.
                clock.Advance(2 * Ms);
                pacer.Answered(slot);
                continue;
            }

            clock.Advance(pacer.TryAcquire("c" + granted).Wait);
        }

        var rate = (granted - 1) / (clock.GetUtcNow() - start).TotalSeconds;
        Assert.InRange(rate, 50 * 0.98, 50);
    }

    [Fact]
    public void Throttled_Stray429sAmongSuccesses_CutThePaceOnceASecond()
    {
        var clock = FakeTime.AtMonday();
        var pacer = Pacer(50, clock);

        pacer.Throttled(null);
        pacer.Succeeded();
        clock.Advance(TimeSpan.FromMilliseconds(300));
        pacer.Throttled(null);

        Assert.Equal(0.91, pacer.Pace, 3);
        clock.Advance(TimeSpan.FromMilliseconds(700));
        pacer.Throttled(null);
        Assert.Equal(0.819, pacer.Pace, 3);
    }

    [Fact]
    public void Throttled_BackToBackWithoutSuccess_CutsEachTime()
    {
        var clock = FakeTime.AtMonday();
        var pacer = Pacer(50, clock);

        pacer.Throttled(null);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        pacer.Throttled(null);

        Assert.Equal(0.81, pacer.Pace, 3);
    }

    [Fact]
    public void ClearAt_AfterTheLastAnswer_IsOneWindowLater()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(50, 5 * Ms, TimeSpan.Zero, AwaitAnswers: true), clock);
        Assert.Equal(clock.GetUtcNow(), pacer.ClearAt);
        var slot = pacer.TryAcquire("a").Slot!;
        clock.Advance(TimeSpan.FromMilliseconds(40));
        pacer.Answered(slot);

        Assert.Equal(clock.GetUtcNow() + Second + (5 * Ms), pacer.ClearAt);
    }

    private static SendPacer Pacer(int perSecond, FakeTimeProvider clock) =>
        new(new PacerLimits(perSecond, TimeSpan.Zero, TimeSpan.Zero, AwaitAnswers: true), clock);

    private static int MostInWindow(List<DateTimeOffset> arrivals, TimeSpan length)
    {
        var sorted = arrivals.Order().ToList();
        var most = 0;
        var from = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            while (sorted[i] - sorted[from] >= length)
            {
                from++;
            }

            most = Math.Max(most, i - from + 1);
        }

        return most;
    }
}
