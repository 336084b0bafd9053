using CxBot.Graph;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace CxBot.Tests.Graph;

/// <summary>The Graph client with its real handler chain (query-name decoding → retry; the SDK adds the token) against a base URL; retry delays run on <paramref name="time"/>.</summary>
internal static class GraphClients
{
    public static GraphClient Create(string baseUrl, TimeProvider time, int maxRetries = 2, StaticTokenCredential? credential = null, HttpMessageHandler? network = null, ILoggerProvider? logs = null, TimeSpan? attemptTimeout = null)
    {
        var retry = new ResilienceHandler(new GraphRetryPolicy(Options.Create(new GraphOptions { MaxRetries = maxRetries, RetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryAfter = TimeSpan.FromSeconds(30), AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10) }), time, NullLogger<GraphRetryPolicy>.Instance).Build())
        {
            InnerHandler = network ?? new SocketsHttpHandler(),
        };
        var http = new HttpClient(new ParametersNameDecodingHandler { InnerHandler = retry }) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") };
        return new GraphClient(http, new GraphCredential(credential ?? new StaticTokenCredential(), "https://graph.microsoft.com/.default"), logs is null ? NullLogger<GraphClient>.Instance : new LoggerFactory([logs]).CreateLogger<GraphClient>());
    }
}
