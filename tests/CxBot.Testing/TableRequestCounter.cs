namespace CxBot.Testing;

/// <summary>Counts the table requests sent through it, and the entity group transactions among them.</summary>
public sealed class TableRequestCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _total;
    private int _batches;

    public TableRequestCounter()
        : this(new SocketsHttpHandler())
    {
    }

    public int Total => Volatile.Read(ref _total);

    public int Batches => Volatile.Read(ref _batches);

    public void Reset() => (_total, _batches) = (0, 0);

    /// <summary>True for an entity group transaction (a <c>POST …/$batch</c>).</summary>
    public static bool IsTransaction(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _total);
        if (IsTransaction(request))
        {
            Interlocked.Increment(ref _batches);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
