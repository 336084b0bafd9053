using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Protocol;

namespace CxBot.Tests.Protocol;

public sealed class ActivityJsonTests
{
    public static TheoryData<string> Fixtures => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "teams"), "*.json").Select(Path.GetFileNameWithoutExtension)!);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Deserialize_TeamsFixture_RoundTripsEveryField(string name)
    {
        var original = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "teams", name + ".json")))!;

        var activity = JsonSerializer.Deserialize(original.ToJsonString(), ProtocolJson.Default.Activity)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(activity, ProtocolJson.Default.Activity))!;

        Assert.True(JsonNode.DeepEquals(Normalise(original), Normalise(written)), written.ToJsonString());
        Assert.Equal("msteams", activity.ChannelId);
        Assert.Equal("8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", activity.TenantId());
    }

    [Fact]
    public void TextWithoutMentions_ChannelMention_StripsBotMention()
    {
        var activity = Load("message-channel-mention");

        Assert.Equal("scorecard", activity.TextWithoutMentions());
        Assert.Equal("19:Qx7nP2kR5sV8yB1eH4mJ6tW9zC3fL0gD@thread.tacv2", activity.BaseConversationId());
    }

    [Fact]
    public void CardVerb_ExecuteAndSubmit_ReadFromTheirPlaces()
    {
        Assert.Equal("incident.acknowledge", Load("invoke-action-execute").CardVerb());
        Assert.Equal("incident.submit", Load("message-action-submit").CardVerb());
        Assert.Equal("INC-2026-000123", Load("invoke-action-execute").CardData()!.Value.GetProperty("incidentId").GetString());
        Assert.Equal("85", Load("message-action-submit").CardData()!.Value.GetProperty("cost").GetString());
        Assert.Null(Load("message-personal").CardVerb());
    }

    [Fact]
    public void CreateReply_PersonalMessage_SwapsFromAndRecipient()
    {
        var activity = Load("message-personal");

        var reply = activity.CreateReply("hi");

        Assert.Equal(activity.Recipient, reply.From);
        Assert.Equal(activity.From, reply.Recipient);
        Assert.Equal(activity.Conversation, reply.Conversation);
        Assert.Equal(activity.Id, reply.ReplyToId);
    }

    private static Activity Load(string name) =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "teams", name + ".json")), ProtocolJson.Default.Activity)!;

    // Timestamps may be re-written with another number of fraction digits; compare them as instants.
    private static JsonNode Normalise(JsonNode node)
    {
        var copy = node.DeepClone().AsObject();
        if (copy["timestamp"] is JsonValue ts)
        {
            copy["timestamp"] = DateTimeOffset.Parse(ts.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime().ToString("O");
        }

        return copy;
    }
}
