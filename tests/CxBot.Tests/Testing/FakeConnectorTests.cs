using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests.Testing;

public sealed class FakeConnectorTests
{
    [Fact]
    public async Task ReplyTo_ReplyFollowedByBackgroundMessage_FindsTheReplyNotTheLastRequest()
    {
        await using var fake = await FakeConnector.StartAsync();
        using var http = new HttpClient();
        var asked = new JsonObject { ["id"] = "1:asked", ["type"] = "message" };
        var unanswered = new JsonObject { ["id"] = "1:unanswered", ["type"] = "message" };

        await http.PostAsJsonAsync(fake.ServiceUrl + "v3/conversations/c/activities", new JsonObject { ["type"] = "message", ["text"] = "the reply", ["replyToId"] = "1:asked" });
        await http.PostAsJsonAsync(fake.ServiceUrl + "v3/conversations/other/activities", new JsonObject { ["type"] = "message", ["text"] = "an earlier turn's background work" });

        Assert.Equal("the reply", fake.ReplyTo(asked).Json!["text"]!.GetValue<string>());
        Assert.Equal("an earlier turn's background work", fake.Requests[^1].Json!["text"]!.GetValue<string>());
        Assert.Throws<InvalidOperationException>(() => fake.ReplyTo(unanswered));
    }
}
