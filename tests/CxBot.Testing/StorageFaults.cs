namespace CxBot.Testing;

/// <summary>
/// Faults for the bot's table HTTP client (the handler sits after signing): while <see cref="Down"/>, every request fails as if
/// the service refused the connection; <see cref="Latency"/> delays every request first.
/// </summary>
public sealed class StorageFaults
{
    private int _refused;
    private long _latencyTicks;
    private volatile bool _down;
    private volatile string? _conflictBatchesWith;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>
    /// While set, every entity group transaction whose body holds this text (a row key, say) is refused with 412, as if another
    /// writer always changed one of its rows first; other transactions go through.
    /// </summary>
    public string? ConflictBatchesWith
    {
        get => _conflictBatchesWith;
        set => _conflictBatchesWith = value;
    }

    /// <summary>Called with the body of every entity group transaction that succeeded (to act at a precise point of a write).</summary>
    public Action<string>? AfterBatch { get; set; }

    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Requests refused while down.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>A new handler for each chain the HTTP client factory builds (a handler can sit in one chain only).</summary>
    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(StorageFaults faults) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, cancellationToken);
            }

            if (faults.Down)
            {
                Interlocked.Increment(ref faults._refused);
                throw new HttpRequestException("Connection refused (storage outage injected by the test)", new System.Net.Sockets.SocketException(111));
            }

            if (faults.ConflictBatchesWith is { } text && TableRequestCounter.IsTransaction(request)
                && request.Content is { } content && (await content.ReadAsStringAsync(cancellationToken)).Contains(text, StringComparison.Ordinal))
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.PreconditionFailed)
                {
                    RequestMessage = request,
                    Content = new StringContent("{\"odata.error\":{\"code\":\"UpdateConditionNotSatisfied\",\"message\":{\"value\":\"injected by the test\"}}}", System.Text.Encoding.UTF8, "application/json"),
                };
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (faults.AfterBatch is { } after && response.IsSuccessStatusCode && TableRequestCounter.IsTransaction(request) && request.Content is { } sent)
            {
                after(await sent.ReadAsStringAsync(cancellationToken));
            }

            return response;
        }
    }
}
