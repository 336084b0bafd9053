using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.Routing;
using CxBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace CxBot.Tests.Protocol;

public sealed class BackgroundTurnQueueTests
{
    private static readonly ConversationTarget Target = new("https://smba.trafficmanager.net/emea/", "a:conv", "tenant", "msteams", new ChannelAccount { Id = "28:bot" }, new ChannelAccount { Id = "29:user" });
    private readonly Mock<IConnectorClient> _connector = new();
    private readonly TaskCompletionSource<Activity> _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BackgroundTurnQueueTests() =>
        _connector.Setup(c => c.SendToConversationAsync(Target.ServiceUrl, Target.ConversationId, It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, Activity, CancellationToken>((_, _, a, _) => _sent.TrySetResult(a))
            .ReturnsAsync(new ConnectorResult<ResourceResponse>(ConnectorOutcome.Ok, new ResourceResponse { Id = "1" }));

    [Fact]
    public async Task Enqueue_WorkReportsBack_PostsIntoTheConversation()
    {
        await using var queue = await StartAsync(FakeTime.AtMonday());

        Assert.True(queue.Queue.TryEnqueue(new BackgroundWork("test", Target, (turn, ct) => turn.SendTextAsync("done", ct))));

        var sent = await _sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("done", sent.Text);
        Assert.Equal("28:bot", sent.From!.Id);
    }

    [Fact]
    public async Task Enqueue_WorkOutlivesItsTimeout_CancelledAndFailureReportedProactively()
    {
        var time = FakeTime.AtMonday();
        await using var queue = await StartAsync(time);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        queue.Queue.TryEnqueue(new BackgroundWork("slow", Target, async (_, ct) =>
        {
            ct.Register(cancelled.SetResult);
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }));

        // The work's timeout (30 s) is on the clock from before the work starts.
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(cancelled.Task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var sent = await _sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(BackgroundTurnQueue.FailureMessage, sent.Text);
    }

    [Fact]
    public async Task Dispose_WithoutAStop_EndsNormallySoTheHostDoesNotReportAFailure()
    {
        // A host that reports a background service whose task ends cancelled as failed, and stops for it, unless its own stop
        // was called (a host disposed after a failed start, for one): the queue must end as completed.
        var queue = new BackgroundTurnQueue(_connector.Object, Options.Create(new BotOptions { BackgroundTimeout = TimeSpan.FromSeconds(30) }), TimeProvider.System, NullLogger<BackgroundTurnQueue>.Instance);
        await queue.StartAsync(default);
        Assert.True(queue.TryEnqueue(new BackgroundWork("test", Target, (turn, ct) => turn.SendTextAsync("running", ct))));
        await _sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        queue.Dispose();

        await queue.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.Equal(TaskStatus.RanToCompletion, queue.ExecuteTask.Status);
    }

    [Fact]
    public async Task Enqueue_QueueFull_RefusedAndSaysSo()
    {
        await using var queue = await StartAsync(TimeProvider.System, capacity: 1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var ran = new System.Collections.Concurrent.ConcurrentBag<string>();
        BackgroundWork Job(string name) => new(name, Target, async (_, ct) =>
        {
            Interlocked.Increment(ref running);
            await gate.Task.WaitAsync(ct);
            ran.Add(name);
        });

        var accepted = new List<bool>();
        for (var i = 1; i <= 4; i++)
        {
            // One at a time: a queue of one holds a job until a runner takes it.
            accepted.Add(queue.Queue.TryEnqueue(Job("running" + i)));
            await WaitUntilAsync(() => Volatile.Read(ref running) == i);
        }

        var queued = queue.Queue.TryEnqueue(Job("queued"));
        var overflow = queue.Queue.TryEnqueue(Job("overflow"));
        gate.SetResult();
        await WaitUntilAsync(() => ran.Count == 5);

        Assert.All(accepted, Assert.True);
        Assert.True(queued);
        Assert.False(overflow); // refused, so the caller knows (a drop-on-full channel would have said true and lost it)
        Assert.DoesNotContain("overflow", ran);
    }

    [Fact]
    public async Task Stop_JobsRunningAndQueued_AllFinishBeforeTheStopReturnsAndNewJobsAreRefused()
    {
        var queue = await StartAsync(TimeProvider.System);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = 0;
        for (var i = 0; i < 7; i++)
        {
            // More jobs than run at once, so some are still queued when the stop begins.
            Assert.True(queue.Queue.TryEnqueue(new BackgroundWork("deliver", Target, async (_, ct) =>
            {
                started.TrySetResult();
                await gate.Task.WaitAsync(ct);
                Interlocked.Increment(ref finished);
            })));
        }

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = queue.Queue.StopAsync(CancellationToken.None);
        var lateJob = queue.Queue.TryEnqueue(new BackgroundWork("late", Target, (_, _) => Task.CompletedTask));
        var stoppedBeforeRelease = stopping.IsCompleted;
        gate.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(lateJob);
        Assert.False(stoppedBeforeRelease);
        Assert.Equal(7, Volatile.Read(ref finished));
        queue.Queue.Dispose();
    }

    [Fact]
    public async Task Stop_HostStopRunsOut_RunningJobCancelledAndStopReturns()
    {
        var queue = await StartAsync(TimeProvider.System);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Queue.TryEnqueue(new BackgroundWork("stuck", Target, async (_, ct) =>
        {
            ct.Register(cancelled.SetResult);
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var hostStop = new CancellationTokenSource();
        var stopping = queue.Queue.StopAsync(hostStop.Token);
        await hostStop.CancelAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(_sent.Task.IsCompleted); // a stop is no failure to report to the user
        queue.Queue.Dispose();
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => Assert.True(await Poll.UntilAsync(condition, TimeSpan.FromSeconds(10)));

    private async Task<Running> StartAsync(TimeProvider time, int capacity = 1000)
    {
        var queue = new BackgroundTurnQueue(_connector.Object, Options.Create(new BotOptions { BackgroundTimeout = TimeSpan.FromSeconds(30), BackgroundQueueCapacity = capacity }), time, NullLogger<BackgroundTurnQueue>.Instance);
        await queue.StartAsync(default);
        return new Running(queue);
    }

    private sealed record Running(BackgroundTurnQueue Queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Queue.StopAsync(default);
            Queue.Dispose();
        }
    }
}
