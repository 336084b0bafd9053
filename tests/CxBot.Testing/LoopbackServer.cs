using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CxBot.Testing;

/// <summary>A tiny Kestrel server on a free 127.0.0.1 port, for fakes of remote services.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The server's root URL, with a trailing slash.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts a server that answers every request with <paramref name="handler"/>.</summary>
    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new LoopbackServer(app, port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
