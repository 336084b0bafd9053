using CxBot.Protocol.Sending;
using CxBot.Testing;

namespace CxBot.Tests.Protocol.Sending;

/// <summary>One budget, two kinds of traffic: an answer a person waits for goes first, bulk fills what it leaves, and neither breaks a window.</summary>
public sealed class SendPacerPriorityTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task BudgetHandler_InteractiveTrafficAloneOverTheLimit_WaitsAtMostMaxWaitThenGoes()
    {
        // The budget's clock never moves: a request that waited for a slot would wait for ever (and, in the app, time its
        // attempt out in the queue, as a fuzz run flooding one conversation did).
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(5, TimeSpan.Zero, TimeSpan.Zero, AwaitAnswers: true), clock);
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(pacer.TryAcquire("person", interactive: true).Slot);
        }

        var budgets = new TenantBudgets(
            new BudgetShares(TestTables.CreateService(new Uri("http://127.0.0.1:9/")), clock),
            Microsoft.Extensions.Options.Options.Create(new SendingOptions()),
            clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TenantBudgets>.Instance);
        budgets.Attach("tenant", pacer);
        using var answered = new Answered();
        using var invoker = new HttpMessageInvoker(new TenantBudgetHandler(budgets, new SendMetrics(TestMeters.Factory)) { InnerHandler = answered });
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/v3/conversations/a/activities");
        request.Options.Set(CxBot.Protocol.Connector.ConnectorRequestTags.Tenant, "tenant");
        request.Options.Set(CxBot.Protocol.Connector.ConnectorRequestTags.Conversation, "person");

        Assert.False(pacer.TryAcquire("person", interactive: true).Granted);
        using var response = await invoker.SendAsync(request, default).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, answered.Calls);
    }

    /// <summary>Answers 200 to every request and counts them.</summary>
    private sealed class Answered : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    [Fact]
    public void Interactive_TwoThousandWelcomesQueued_EveryAnswerTakesTheNextOpeningNotTheQueuesEnd()
    {
        // An app pushed to everyone: 2,000 welcomes queued for one tenant at 50 requests a second (40 s of bulk), answered
        // 20 ms after they leave; the send engine always has the next one ready and asks first. Meanwhile someone asks
        // something every 1.3 s. Simulated a millisecond at a time.
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(50, TimeSpan.Zero, TimeSpan.Zero, AwaitAnswers: true), clock);
        var start = clock.GetUtcNow();
        var latency = TimeSpan.FromMilliseconds(20);
        var inFlight = new List<(DateTimeOffset AnswerAt, SendSlot Slot)>();
        var sent = new List<DateTimeOffset>();
        var asking = new Queue<DateTimeOffset>();
        var answers = new List<(TimeSpan Wait, int WelcomesLeft, int WelcomesAhead)>();
        var welcomesWhenHeld = 0;
        var welcomes = 0;
        var holding = false;
        for (var ms = 0; ms < 60_000; ms++)
        {
            var now = clock.GetUtcNow();
            foreach (var answered in inFlight.Where(f => f.AnswerAt <= now).ToList())
            {
                pacer.Answered(answered.Slot);
                inFlight.Remove(answered);
            }

            if (ms % 1_300 == 100)
            {
                asking.Enqueue(now);
            }

            // The send engine asks first, for as many slots as it can fill (it always has welcomes ready).
            while (welcomes < 2_000 && pacer.TryAcquire("welcome-" + welcomes).Slot is { } slot)
            {
                welcomes++;
                inFlight.Add((now + latency, slot));
                sent.Add(now);
            }

            // A person's request, as the budget handler waits for it (SendPacer.WaitAsync): refused for the tenant's window, it
            // holds the bulk back until it is granted.
            while (asking.Count > 0)
            {
                var decision = pacer.TryAcquire("person-" + answers.Count, interactive: true);
                if (decision.Slot is not { } reply)
                {
                    if (decision.TenantBound && !holding)
                    {
                        pacer.InteractiveWaiting(holding = true);
                        welcomesWhenHeld = welcomes;
                    }

                    break;
                }

                var ahead = holding ? welcomes - welcomesWhenHeld : 0;
                if (holding)
                {
                    pacer.InteractiveWaiting(holding = false);
                }

                answers.Add((now - asking.Dequeue(), 2_000 - welcomes, ahead));
                inFlight.Add((now + latency, reply));
                sent.Add(now);
            }

            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(2_000, welcomes);
        var duringTheQueue = answers.Where(a => a.WelcomesLeft > 0).ToList();
        Assert.True(duringTheQueue.Count >= 25, $"only {duringTheQueue.Count} questions were asked while welcomes were queued");
        Assert.Contains(duringTheQueue, a => a.WelcomesLeft > 1_900);

        // The window is always full of welcomes, so an answer waits for its next opening (never a second, let alone the
        // queue's 40 s), and from the moment it waits no welcome goes before it.
        Assert.All(duringTheQueue, a => Assert.True(a.Wait < Second, $"an answer waited {a.Wait.TotalMilliseconds} ms with {a.WelcomesLeft} welcomes queued"));
        Assert.All(duringTheQueue, a => Assert.Equal(0, a.WelcomesAhead));
        for (var i = 50; i < sent.Count; i++)
        {
            Assert.True(sent[i] - sent[i - 50] >= Second, $"51 requests within a second at {(sent[i] - start).TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Interactive_GivesUpWaiting_BulkNoLongerHeldBack()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(5, TimeSpan.Zero, TimeSpan.Zero, AwaitAnswers: true), clock);
        var slots = Enumerable.Range(0, 5).Select(i => pacer.TryAcquire("bulk-" + i, interactive: true).Slot!).ToList();
        slots.ForEach(pacer.Answered);

        // The window is full for a second: the person's request waits for it, then gives up (the budget handler's MaxWait).
        using var giveUp = new CancellationTokenSource();
        var waiting = pacer.WaitAsync("person", giveUp.Token, interactive: true);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        clock.Advance(Second);
        Assert.True(pacer.TryAcquire("bulk-next").Granted);
    }

    [Fact]
    public void Interactive_BulkWaitingForItsSpacing_GrantedAtOnce()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(10, TimeSpan.Zero, TimeSpan.Zero), clock);
        Assert.True(pacer.TryAcquire("bulk-1").Granted);

        var bulk = pacer.TryAcquire("bulk-2");
        var interactive = pacer.TryAcquire("person", interactive: true);

        Assert.False(bulk.Granted);
        Assert.True(interactive.Granted);
        Assert.Equal(1, pacer.Interactive);
    }

    [Fact]
    public void Interactive_WindowFullOfBulk_WaitsOnlyForTheWindowAndTakesTheOpeningBeforeBulk()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(5, TimeSpan.Zero, TimeSpan.Zero, AwaitAnswers: true), clock);
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(i == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(200));
            var slot = pacer.TryAcquire("bulk-" + i).Slot;
            Assert.NotNull(slot);
            pacer.Answered(slot);
        }

        // The window holds 5 (the limit), answered 0 to 800 ms ago: it opens when the first answer is a second old.
        var interactive = pacer.TryAcquire("person", interactive: true);
        Assert.False(interactive.Granted);
        Assert.Equal(TimeSpan.FromMilliseconds(200), interactive.Wait);

        clock.Advance(interactive.Wait);
        Assert.True(pacer.TryAcquire("person", interactive: true).Granted);
        Assert.False(pacer.TryAcquire("bulk-next").Granted);
    }

    [Fact]
    public void MixedTraffic_ManyInteractiveAndBulkRequests_NeverMoreThanTheLimitInAnyWindow()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(20, TimeSpan.Zero, TimeSpan.Zero), clock);
        var granted = new List<DateTimeOffset>();
        var random = new Random(3);

        for (var i = 0; i < 4000; i++)
        {
            var interactive = random.NextDouble() < 0.3;
            if (pacer.TryAcquire((interactive ? "person-" : "bulk-") + (i % 400), interactive).Granted)
            {
                granted.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, 12)));
        }

        Assert.True(granted.Count > 100);
        for (var i = 20; i < granted.Count; i++)
        {
            Assert.True(granted[i] - granted[i - 20] >= Second, $"21 requests within a second at {i}");
        }
    }

    [Fact]
    public void Interactive_AfterA429_WaitsForRetryAfterLikeBulk()
    {
        var clock = FakeTime.AtMonday();
        var pacer = new SendPacer(new PacerLimits(50, TimeSpan.Zero, TimeSpan.Zero), clock);

        pacer.Throttled(TimeSpan.FromSeconds(2));
        var interactive = pacer.TryAcquire("person", interactive: true);

        Assert.False(interactive.Granted);
        Assert.Equal(TimeSpan.FromSeconds(2), interactive.Wait);
    }
}
