using CxBot.Graph;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Graph;

/// <summary>The Graph client with its real handler chain (retry → token) against a base URL; retry delays run on <paramref name="time"/>.</summary>
internal static class GraphClients
{
    public static GraphClient Create(string baseUrl, TimeProvider time, int maxRetries = 2, StaticTokenCredential? credential = null)
    {
        var retry = new GraphRetryHandler(Options.Create(new GraphOptions { MaxRetries = maxRetries, RetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryAfter = TimeSpan.FromSeconds(30), AttemptTimeout = TimeSpan.FromSeconds(10) }), time, NullLogger<GraphRetryHandler>.Instance)
        {
            InnerHandler = new GraphAuthHandler(new GraphCredential(credential ?? new StaticTokenCredential(), "https://graph.microsoft.com/.default"))
            {
                InnerHandler = new SocketsHttpHandler(),
            },
        };
        var http = new HttpClient(retry) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") };
        return new GraphClient(http, NullLogger<GraphClient>.Instance);
    }
}
