using CxBot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CxBot.Tests;

/// <summary>
/// Builds and starts the real composition (<c>AddCxBot</c>/<c>MapCxBot</c>) on a loopback port with the given settings.
/// Boot-failure tests use this instead of WebApplicationFactory, whose deferred host can hide a start-up exception behind an ObjectDisposedException.
/// </summary>
internal static class AppBoot
{
    public static async Task<WebApplication> StartAsync(params (string Key, string? Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = Path.Combine(CxBot.Testing.RepoPaths.Root, "bot"),
        });
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0", ["Logging:LogLevel:Default"] = "Warning" }
                .Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))));
        builder.AddCxBot();
        var app = builder.Build();
        app.MapCxBot();
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The exception and every inner one.</summary>
    public static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
