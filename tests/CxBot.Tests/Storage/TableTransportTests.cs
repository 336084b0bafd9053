using System.Net;
using CxBot.Storage;
using CxBot.Testing;

namespace CxBot.Tests.Storage;

public sealed class TableTransportTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Get_TransientThenSuccess_Retries(HttpStatusCode transient)
    {
        var handler = new CaptureHandler().Then(transient).Then(transient).Then(HttpStatusCode.OK, EntityJson);
        var table = TestTables.CreateService(Endpoint, "x", inner: handler).GetTableClient("tbl");

        var entity = await table.GetEntityIfExistsAsync("p", "r", CancellationToken.None);

        Assert.Equal("v", entity!["S"]);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Get_TransientBeyondBound_ThrowsLastStatus()
    {
        var handler = new CaptureHandler();
        for (var i = 0; i < 10; i++)
        {
            handler.Then(HttpStatusCode.ServiceUnavailable, "{\"odata.error\":{\"code\":\"ServerBusy\",\"message\":{\"value\":\"busy\"}}}");
        }

        var table = TestTables.CreateService(Endpoint, "x", o => o.MaxRetries = 3, handler).GetTableClient("tbl");

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.GetEntityIfExistsAsync("p", "r", CancellationToken.None));

        Assert.Equal(503, ex.Status);
        Assert.Equal("ServerBusy", ex.ErrorCode);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task Get_TimeoutBelowThePipeline_ThrowsClientTimeoutNotCancellation()
    {
        // What HttpClient.Timeout throws: a cancellation the caller never asked for.
        var table = TestTables.CreateService(Endpoint, "x", o => o.MaxRetries = 0, new TimingOutHandler()).GetTableClient("tbl");

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.GetEntityIfExistsAsync("p", "r", CancellationToken.None));

        Assert.Equal((408, TableErrorCodes.ClientTimeout), (ex.Status, ex.ErrorCode));
        Assert.IsType<TaskCanceledException>(ex.InnerException);
    }

    [Fact]
    public async Task Get_CallerCancels_StaysACancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var table = TestTables.CreateService(Endpoint, "x", o => o.MaxRetries = 0, new TimingOutHandler()).GetTableClient("tbl");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.GetEntityIfExistsAsync("p", "r", cancelled.Token));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task Add_PermanentError_IsNotRetried(HttpStatusCode status)
    {
        var handler = new CaptureHandler().Then(status).Then(HttpStatusCode.NoContent);
        var table = TestTables.CreateService(Endpoint, "x", inner: handler).GetTableClient("tbl");

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.AddEntityAsync(new TableEntity("p", "r"), CancellationToken.None));

        Assert.Equal((int)status, ex.Status);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Update_412_IsTypedETagMismatch()
    {
        var handler = new CaptureHandler().Then(HttpStatusCode.PreconditionFailed, "{\"odata.error\":{\"code\":\"UpdateConditionNotSatisfied\",\"message\":{\"value\":\"no\"}}}");
        var table = TestTables.CreateService(Endpoint, "x", inner: handler).GetTableClient("tbl");

        var ex = await Assert.ThrowsAsync<TableETagMismatchException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), new Azure.ETag("W/\"1\""), TableUpdateMode.Merge, CancellationToken.None));

        Assert.Equal(TableErrorCodes.UpdateConditionNotSatisfied, ex.ErrorCode);
        Assert.Equal("W/\"1\"", handler.Requests.Single().Headers.GetValues("If-Match").Single());
    }

    [Fact]
    public async Task Get_ConnectionRefused_RetriesThenThrowsUnreachable()
    {
        var closedPort = FreePort.Next();
        var table = TestTables.CreateService(new Uri($"http://127.0.0.1:{closedPort}/devstoreaccount1"), "x", o => o.MaxRetries = 2).GetTableClient("tbl");

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.GetEntityIfExistsAsync("p", "r", CancellationToken.None));

        Assert.Equal(503, ex.Status);
        Assert.Equal(TableErrorCodes.ServiceUnreachable, ex.ErrorCode);
    }

    [Fact]
    public async Task Get_SlowService_TimesOutPerCall()
    {
        var blocking = new BlockingHandler();
        var table = TestTables.CreateService(Endpoint, "x", o => { o.AttemptTimeout = TimeSpan.FromMilliseconds(100); o.OperationTimeout = TimeSpan.FromMilliseconds(250); o.MaxRetries = 10; }, blocking).GetTableClient("tbl");

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.GetEntityIfExistsAsync("p", "r", CancellationToken.None));

        Assert.Equal(408, ex.Status);
        Assert.Equal(TableErrorCodes.ClientTimeout, ex.ErrorCode);
        Assert.InRange(blocking.Calls, 1, 3);
    }

    [Fact]
    public async Task Get_CallerCancels_ThrowsOperationCanceled()
    {
        var blocking = new BlockingHandler();
        var table = TestTables.CreateService(Endpoint, "x", inner: blocking).GetTableClient("tbl");
        using var cts = new CancellationTokenSource();

        var call = table.GetEntityIfExistsAsync("p", "r", cts.Token);
        await blocking.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, blocking.Calls);
    }

    [Fact]
    public async Task Get_TransientThenSuccess_LogsEachFailedAttemptWithoutKeys()
    {
        var handler = new CaptureHandler().Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK, EntityJson);
        var logger = new RecordingLogger();
        var options = new TableServiceOptions
        {
            Endpoint = Endpoint,
            SharedKey = new Azure.Data.Tables.TableSharedKeyCredential(TableConnection.DevelopmentAccountName, TableConnection.DevelopmentAccountKey),
            TablePrefix = "x",
            RetryDelay = TimeSpan.FromMilliseconds(5),
        };
        using var client = new HttpClient(handler);
        var table = new TableServiceClient(client, options, logger).GetTableClient("tbl");

        await table.GetEntityIfExistsAsync("secret-partition", "secret-row", CancellationToken.None);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("503", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
    }

    private const string EntityJson = "{\"PartitionKey\":\"p\",\"RowKey\":\"r\",\"S\":\"v\"}";

    private sealed class RecordingLogger : Microsoft.Extensions.Logging.ILogger<TableServiceClient>
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{logLevel} {formatter(state, exception)}");
    }

    /// <summary>Never answers until the request is cancelled.</summary>
    private sealed class BlockingHandler : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>Fails every request the way <see cref="HttpClient.Timeout"/> does.</summary>
    private sealed class TimingOutHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException()));
    }
}
