using System.Text.Json.Nodes;

namespace CxBot.Tests.Protocol;

/// <summary>The Teams fixtures from ../shared/fixtures/teams, with the service URL pointed at a fake.</summary>
public static class TeamsFixtures
{
    public static JsonObject Load(string name, string serviceUrl, string? conversationId = null)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "teams", name + ".json")))!.AsObject();
        json["serviceUrl"] = serviceUrl;
        if (conversationId is not null)
        {
            json["conversation"]!["id"] = conversationId;
        }

        return json;
    }

    /// <summary>A fresh personal conversation id and user, so tests sharing a table never collide.</summary>
    public static JsonObject Personal(string name, string serviceUrl, string? aadObjectId = null)
    {
        var json = Load(name, serviceUrl, "a:" + Guid.NewGuid().ToString("N"));
        json["from"]!["aadObjectId"] = aadObjectId ?? Guid.NewGuid().ToString();
        return json;
    }
}
