using System.Diagnostics;

namespace CxBot.Testing;

/// <summary>A bounded wait on a condition that another process or a background loop makes true (no fixed sleeps in tests).</summary>
public static class Poll
{
    /// <summary>True as soon as <paramref name="condition"/> holds; false when it still does not after <paramref name="timeout"/>.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, TimeSpan)"/>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout) => UntilAsync(() => Task.FromResult(condition()), timeout);
}
