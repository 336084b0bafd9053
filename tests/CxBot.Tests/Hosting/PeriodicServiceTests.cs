using CxBot.Hosting;
using CxBot.Testing;

namespace CxBot.Tests.Hosting;

public sealed class PeriodicServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ExecuteAsync_PassesFailWithATimeoutsCancellation_ReportedAndTheLoopGoesOnUntilStopped()
    {
        var time = new ManualTimeProvider();
        var loop = new FailingLoop(time, failures: 2);
        await loop.StartAsync(CancellationToken.None);

        for (var pass = 1; pass <= 3; pass++)
        {
            await UntilWaiting(time);
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.True(await loop.Passes.WaitAsync(Patience), $"pass {pass} did not run");
        }

        Assert.Equal(2, loop.Failures.Count);
        Assert.All(loop.Failures, e => Assert.IsType<TaskCanceledException>(e));
        Assert.False(loop.ExecuteTask!.IsCompleted);

        await loop.StopAsync(CancellationToken.None);
        Assert.True(loop.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ExecuteAsync_RunAtStart_FirstPassWithoutWaiting()
    {
        var time = new ManualTimeProvider();
        var loop = new FailingLoop(time, failures: 0, runAtStart: true);
        await loop.StartAsync(CancellationToken.None);

        Assert.True(await loop.Passes.WaitAsync(Patience));
        await loop.StopAsync(CancellationToken.None);
        Assert.Empty(loop.Failures);
    }

    private static async Task UntilWaiting(ManualTimeProvider time)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (time.PendingTimers == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the loop never started waiting");
            await Task.Yield();
        }
    }

    private sealed class FailingLoop(ManualTimeProvider time, int failures, bool runAtStart = false) : PeriodicService(time)
    {
        private int _left = failures;

        public SemaphoreSlim Passes { get; } = new(0);

        public List<Exception> Failures { get; } = [];

        protected override TimeSpan Every => TimeSpan.FromMinutes(1);

        protected override bool RunAtStart => runAtStart;

        protected override Task RunOnceAsync(CancellationToken cancellationToken)
        {
            Passes.Release();

            // What a request timed out on its own clock throws: a cancellation that is not the host's stop.
            return _left-- > 0 ? Task.FromException(new TaskCanceledException("timed out")) : Task.CompletedTask;
        }

        protected override void OnFailed(Exception exception)
        {
            lock (Failures)
            {
                Failures.Add(exception);
            }
        }
    }
}
