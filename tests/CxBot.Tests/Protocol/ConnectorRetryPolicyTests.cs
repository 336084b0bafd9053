using CxBot.Protocol;
using CxBot.Protocol.Connector;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace CxBot.Tests.Protocol;

/// <summary>The connector's resilience pipeline against a connector that never answers: which attempts that timed out are sent again.</summary>
public sealed class ConnectorRetryPolicyTests
{
    [Fact]
    public async Task Post_AttemptTimesOut_NotSentAgain()
    {
        var connector = new SilentConnector();
        using var http = Client(connector);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => http.PostAsync(new Uri("https://smba.example/v3/conversations/a/activities"), new StringContent("{}")));

        Assert.Equal(1, connector.Attempts);
    }

    [Fact]
    public async Task Put_AttemptTimesOut_RetriedUpToTheBound()
    {
        var connector = new SilentConnector();
        using var http = Client(connector);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => http.PutAsync(new Uri("https://smba.example/v3/conversations/a/activities/act-1"), new StringContent("{}")));

        Assert.Equal(3, connector.Attempts);
    }

    private static HttpClient Client(SilentConnector connector)
    {
        var options = Options.Create(new BotOptions { ConnectorMaxRetries = 2, ConnectorRetryDelay = TimeSpan.FromMilliseconds(10), ConnectorAttemptTimeout = TimeSpan.FromMilliseconds(50) });
        var pipeline = new ConnectorRetryPolicy(options, TimeProvider.System, NullLogger<ConnectorRetryPolicy>.Instance).Build();
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = connector });
    }

    /// <summary>Counts attempts and answers none of them (each waits until its attempt is cancelled).</summary>
    private sealed class SilentConnector : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
