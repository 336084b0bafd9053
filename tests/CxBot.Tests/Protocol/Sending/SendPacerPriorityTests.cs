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
        var clock = new ManualTimeProvider();
        var pacer = new SendPacer(new PacerLimits(5, TimeSpan.Zero, TimeSpan.Zero, AwaitAnswers: true), clock);
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(pacer.TryAcquire("person", interactive: true).Slot);
        }

        var budgets = new TenantBudgets();
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
    public void Interactive_BulkWaitingForItsSpacing_GrantedAtOnce()
    {
        var clock = new ManualTimeProvider();
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
        var clock = new ManualTimeProvider();
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
        var clock = new ManualTimeProvider();
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
        var clock = new ManualTimeProvider();
        var pacer = new SendPacer(new PacerLimits(50, TimeSpan.Zero, TimeSpan.Zero), clock);

        pacer.Throttled(TimeSpan.FromSeconds(2));
        var interactive = pacer.TryAcquire("person", interactive: true);

        Assert.False(interactive.Granted);
        Assert.Equal(TimeSpan.FromSeconds(2), interactive.Wait);
    }
}
