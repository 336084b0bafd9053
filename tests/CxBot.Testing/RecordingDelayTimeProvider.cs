using System.Collections.Concurrent;

namespace CxBot.Testing;

/// <summary>
/// A clock for retry tests: <see cref="GetUtcNow"/> moves only with <see cref="Advance"/>; timers shorter than
/// <see cref="FireBelow"/> fire at once (their due times are recorded), longer ones never fire. No test waits on real time.
/// </summary>
public sealed class RecordingDelayTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();
    private long _ticks = start.UtcTicks;

    /// <summary>Starts at the real current time.</summary>
    public RecordingDelayTimeProvider()
        : this(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>Timers due sooner than this fire immediately (back-off delays); later ones (timeouts) never do.</summary>
    public TimeSpan FireBelow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The due times of the timers that fired, in order.</summary>
    public IReadOnlyList<TimeSpan> FiredDelays => [.. _delays];

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Moves the clock on.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime < FireBelow)
        {
            _delays.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new InertTimer();
    }

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
