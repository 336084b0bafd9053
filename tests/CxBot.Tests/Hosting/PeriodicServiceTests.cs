using CxBot.Hosting;
using CxBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Hosting;

public sealed class PeriodicServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ExecuteAsync_PassesFailWithATimeoutsCancellation_ReportedAndTheLoopGoesOnUntilStopped()
    {
        var time = FakeTime.AtMonday();
        var loop = new FailingLoop(time, failures: 2);
        await loop.StartAsync(CancellationToken.None);

        for (var pass = 1; pass <= 3; pass++)
        {
            // The loop starts waiting on its own thread: a minute moved before its wait began fires nothing, the next one does.
            Assert.True(await time.AdvanceUntilAsync(TimeSpan.FromMinutes(1), () => loop.Passes >= pass, Patience), $"pass {pass} did not run");
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
        var time = FakeTime.AtMonday();
        var loop = new FailingLoop(time, failures: 0, runAtStart: true);
        await loop.StartAsync(CancellationToken.None);

        Assert.True(await Poll.UntilAsync(() => loop.Passes == 1, Patience));
        await loop.StopAsync(CancellationToken.None);
        Assert.Empty(loop.Failures);
    }

    private sealed class FailingLoop(FakeTimeProvider time, int failures, bool runAtStart = false) : PeriodicService(time)
    {
        private int _left = failures;

        private int _passes;

        public int Passes => Volatile.Read(ref _passes);

        public List<Exception> Failures { get; } = [];

        protected override TimeSpan Every => TimeSpan.FromMinutes(1);

        protected override bool RunAtStart => runAtStart;

        protected override Task RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _passes);

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
