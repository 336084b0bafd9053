using Microsoft.Extensions.Time.Testing;

namespace CxBot.Testing;

/// <summary>
/// What the suite adds to <see cref="FakeTimeProvider"/> (whose <c>Advance</c> fires due timers on the calling thread, in order):
/// the usual start instant, and moving the clock until code that waits on it on another thread has acted.
/// </summary>
public static class FakeTime
{
    /// <summary>2026-01-05 09:00 UTC, a Monday: where a clock starts when the test does not care about the date.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A fake clock at <see cref="Monday"/>.</summary>
    public static FakeTimeProvider AtMonday() => new(Monday);

    /// <summary>
    /// Advances the clock by <paramref name="step"/> until <paramref name="done"/> holds (false after <paramref name="timeout"/>).
    /// For a loop on another thread that may not have started its wait yet when the test first moves the clock: a step taken
    /// before the wait began fires nothing, and the next one does. <paramref name="done"/> is something the code under test does.
    /// </summary>
    public static Task<bool> AdvanceUntilAsync(this FakeTimeProvider time, TimeSpan step, Func<bool> done, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(done);
        return Poll.UntilAsync(
            () =>
            {
                if (done())
                {
                    return true;
                }

                time.Advance(step);
                return done();
            },
            timeout);
    }
}
