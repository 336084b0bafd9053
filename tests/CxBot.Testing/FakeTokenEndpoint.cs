using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CxBot.Testing;

/// <summary>
/// A fake Entra ID token endpoint for the client-credentials flow. MSAL insists on https authorities, so the bot is configured
/// with <see cref="Authority"/> (an https name) and its token HTTP client gets <see cref="CreateHandler"/>, which sends every request here.
/// </summary>
public sealed class FakeTokenEndpoint : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private LoopbackServer _server = null!;

    /// <summary>The https authority to configure (never resolved: <see cref="CreateHandler"/> redirects it).</summary>
    public Uri Authority { get; } = new("https://login.fake.test/");

    /// <summary>Seconds until each token expires.</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    /// <summary>Tokens handed out, in order.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. _issued];

    /// <summary>Every request's method, path and form body.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts one on a free port.</summary>
    public static async Task<FakeTokenEndpoint> StartAsync()
    {
        var fake = new FakeTokenEndpoint();
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>A handler that sends every request to this server, keeping path and query.</summary>
    public HttpMessageHandler CreateHandler() => new RedirectHandler(_server.BaseUrl) { InnerHandler = new SocketsHttpHandler() };

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        _requests.Enqueue($"{http.Request.Method} {http.Request.Path} {body}");
        if (http.Request.Method == "POST" && http.Request.Path.Value!.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            var token = "fake-token-" + (_issued.Count + 1);
            _issued.Enqueue(token);
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = ExpiresInSeconds,
                ["ext_expires_in"] = ExpiresInSeconds,
                ["access_token"] = token,
            });
            return;
        }

        http.Response.StatusCode = 404;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class RedirectHandler(Uri target) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(target, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
