using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests.Testing;

public sealed class LimitedConnectorTests
{
    [Fact]
    public async Task Post_OverTheTenantLimit_Refused429AndCountedAsBreach()
    {
        await using var fake = await LimitedConnector.StartAsync(new LimitedConnectorOptions { TenantPerSecond = 5 });
        using var http = new HttpClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await http.PostAsJsonAsync(fake.ServiceUrl + "v3/conversations/c" + i + "/activities", Message("k" + i))).StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, fake.Breaches);
        Assert.Equal(5, fake.AcceptedCount);
        Assert.Equal(["k0", "k1", "k2", "k3", "k4"], fake.Accepted.Select(m => m.SendKey));
    }

    [Fact]
    public async Task Post_EighthToOneConversationInASecond_Refused()
    {
        await using var fake = await LimitedConnector.StartAsync(new LimitedConnectorOptions { TenantPerSecond = 100 });
        using var http = new HttpClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await http.PostAsJsonAsync(fake.ServiceUrl + "v3/conversations/same/activities", Message("k" + i))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(1, fake.Breaches);
    }

    [Fact]
    public async Task Post_WithDropFault_RecordsTheMessageButDropsTheConnection()
    {
        await using var fake = await LimitedConnector.StartAsync();
        fake.Faults = new LimitedConnectorFaults { DropShare = 1 };
        using var http = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsJsonAsync(fake.ServiceUrl + "v3/conversations/c/activities", Message("dropped")));

        Assert.Equal("dropped", Assert.Single(fake.Accepted).SendKey);
        Assert.Equal(1, fake.Counts.Dropped);
    }

    private static JsonObject Message(string key) => new()
    {
        ["type"] = "message",
        ["conversation"] = new JsonObject { ["id"] = "c", ["tenantId"] = "t" },
        ["channelData"] = new JsonObject { ["cxSendKey"] = key },
    };
}
