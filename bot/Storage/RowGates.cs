namespace CxBot.Storage;

/// <summary>
/// Queues this instance's read-modify-writes of one row, so that its writers take turns instead of colliding on the row's ETag.
/// Striped by key, so the set stays bounded; two rows may share a stripe and then wait for each other, which costs a little time
/// and never correctness. The ETag still settles races with other instances.
/// </summary>
public sealed class RowGates
{
    private readonly SemaphoreSlim[] _gates;

    public RowGates(int stripes = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripes, 1);
        _gates = [.. Enumerable.Range(0, stripes).Select(_ => new SemaphoreSlim(1, 1))];
    }

    /// <summary>Runs <paramref name="work"/> once no other work of this instance holds the row's gate.</summary>
    public Task RunAsync(string partitionKey, string rowKey, Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(partitionKey, rowKey, async () =>
        {
            await work();
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> once no other work of this instance holds the row's gate, and returns its result.</summary>
    public async Task<T> RunAsync<T>(string partitionKey, string rowKey, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        ArgumentNullException.ThrowIfNull(work);
        var hash = HashCode.Combine(string.GetHashCode(partitionKey, StringComparison.Ordinal), string.GetHashCode(rowKey, StringComparison.Ordinal));
        var gate = _gates[(int)((uint)hash % (uint)_gates.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }
}
