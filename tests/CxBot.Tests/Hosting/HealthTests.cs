using System.Net;
using CxBot.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CxBot.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Readyz_TracksStorage_DownThenBack()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Storage", azurite.ConnectionString);
            b.UseSetting("Storage:TablePrefix", TestTables.UniquePrefix());
        });
        using var client = factory.CreateClient();

        var up = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        await azurite.StopAsync();
        var down = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        var liveWhileDown = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        await azurite.RestartAsync();
        var back = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var reason = await down.Content.ReadAsStringAsync();
        Assert.Contains("storage: Unhealthy", reason, StringComparison.Ordinal);
        Assert.Contains("ServiceUnreachable", reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, liveWhileDown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task Readyz_WrongAccountKey_Is503WithoutTheKey()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        const string wrongKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
        var connection = azurite.ConnectionString.Replace(CxBot.Storage.TableConnection.DevelopmentAccountKey, wrongKey, StringComparison.Ordinal);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Storage", connection));
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("403", body, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, body, StringComparison.Ordinal);
    }
}
