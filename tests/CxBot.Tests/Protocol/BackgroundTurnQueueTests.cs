using CxBot.Hosting;
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
        await using var queue = await StartAsync(new RecordingDelayTimeProvider { FireBelow = TimeSpan.Zero });

        Assert.True(queue.Queue.TryEnqueue(new BackgroundWork("test", Target, (turn, ct) => turn.SendTextAsync("done", ct))));

        var sent = await _sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("done", sent.Text);
        Assert.Equal("28:bot", sent.From!.Id);
    }

    [Fact]
    public async Task Enqueue_WorkOutlivesItsTimeout_CancelledAndFailureReportedProactively()
    {
        await using var queue = await StartAsync(new RecordingDelayTimeProvider());
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        queue.Queue.TryEnqueue(new BackgroundWork("slow", Target, async (_, ct) =>
        {
            ct.Register(cancelled.SetResult);
            await Task.Delay(Timeout.Infinite, ct);
        }));

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

    private async Task<Running> StartAsync(TimeProvider time)
    {
        var queue = new BackgroundTurnQueue(_connector.Object, Options.Create(new BotOptions { BackgroundTimeout = TimeSpan.FromSeconds(30) }), time, NullLogger<BackgroundTurnQueue>.Instance);
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
