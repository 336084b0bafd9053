using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Protocol;
using CxBot.Testing;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Hardening;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Protocol;

/// <summary>
/// Bodies only raw bytes can carry (issue 22, F1, F2, F10): lone UTF-16 surrogate escapes, invalid UTF-8, a BOM, a property
/// named twice in different case, and conversation ids that would change a connector URL. Each is refused with 400 before
/// any handler runs (nothing stored, nothing sent), or, for the BOM, read as if it were not there.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileJsonTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private const string Lone = "__LONE__";

    [Theory]
    [InlineData("{\"a\":\"\\ud800\"}")]
    [InlineData("{\"a\":\"\\udc00\"}")]
    [InlineData("{\"a\":\"x\\ud83d\"}")]
    [InlineData("{\"a\":\"\\ud83d\\u0041\"}")]
    [InlineData("{\"\\ud800\":1}")]
    [InlineData("{\"a\":[{\"b\":\"\\udfff\"}]}")]
    [InlineData("{\"locale\":1,\"LOCALE\":2}")]
    [InlineData("{\"a\":1,\"a\":1}")]
    [InlineData("{\"o\":{\"Verb\":\"x\",\"verb\":\"y\"}}")]
    [InlineData("{\"a\":1}/* c */")]
    [InlineData("{\"a\":1} {}")]
    public void IsAcceptable_LoneSurrogateOrRepeatedNameOrNotJson_False(string json) =>
        Assert.False(WireJsonCheck.IsAcceptable(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("{\"a\":\"\\ud83d\\ude00 \\u00e9 \\u0000\"}")]
    [InlineData("{\"a\":\"😀 é\",\"b\":{\"a\":1},\"c\":[{\"a\":1},{\"a\":2}]}")]
    [InlineData("{\"locale\":1,\"locales\":2}")]
    public void IsAcceptable_ValidPairsAndNamesRepeatedOnlyInOtherObjects_True(string json) =>
        Assert.True(WireJsonCheck.IsAcceptable(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public void IsAcceptable_InvalidUtf8InAString_False(byte[] bad)
    {
        byte[] json = [.. "{\"a\":\"x"u8, .. bad, .. "y\"}"u8];
        byte[] name = [.. "{\"x"u8, .. bad, .. "\":1}"u8];

        Assert.False(WireJsonCheck.IsAcceptable(json));
        Assert.False(WireJsonCheck.IsAcceptable(name));
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00")]
    [InlineData("trailing \\ud83d")]
    public async Task Post_LoneSurrogateAnywhere_400NothingStoredNothingSent(string escape)
    {
        var flow = await new IncidentFlow(App, Connector).SetUpAsync();
        var rowsBefore = await IncidentRowsAsync();
        var submit = flow.T.Execute(flow.Reporter, IncidentNames.Submit, flow.Submission("lone-" + escape.Length));

        // Card data, the verb, an unknown conversation field (an Action.Submit incident was stored there, then 500), an entity, a property name.
        var cardData = Raw(submit, a => a["value"]!["action"]!["data"]!["what"] = Lone, escape);
        var verb = Raw(submit, a => a["value"]!["action"]!["verb"] = Lone, escape);
        var conversation = Raw(AsSubmit(submit), a => a["conversation"]!["unknownField"] = Lone, escape);
        var entity = Raw(submit, a => a["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["timezone"] = Lone }), escape);
        var name = Raw(submit, a => a["value"]!["action"]!["data"]![Lone] = "x", escape, inName: true);

        foreach (var body in new[] { cardData, verb, conversation, entity, name })
        {
            Assert.Equal(HttpStatusCode.BadRequest, await PostRawAsync(body));
        }

        // The set-up's own background work (roster, people) may still run; nothing answers these activities and no incident row changed.
        Assert.DoesNotContain(Connector.Requests, r => r.Body.Contains(submit["id"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(rowsBefore, await IncidentRowsAsync());
    }

    private async Task<string[]> IncidentRowsAsync() =>
        [.. (await StoredRow.ReadAllAsync(App.Services)).Where(r => r.Table.StartsWith("Incident", StringComparison.Ordinal)).Select(r => r.Text).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("entities", "{\"type\":\"clientInfo\",\"locale\":\"en-GB\",\"LOCALE\":\"fr-FR\"}")]
    [InlineData("text", null)]
    [InlineData("value", null)]
    public async Task Post_PropertyTwiceInDifferentCase_400(string where, string? entity)
    {
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["text"] = "help";
        var json = activity.ToJsonString();
        json = where switch
        {
            "entities" => json[..^1] + ",\"entities\":[" + entity + "]}",
            "text" => json[..^1] + ",\"TEXT\":\"help\"}",
            _ => json[..^1] + ",\"value\":{\"verb\":\"ideas.list\",\"VERB\":\"setup.show\"}}",
        };

        Assert.Equal(HttpStatusCode.BadRequest, await PostRawAsync(Encoding.UTF8.GetBytes(json)));
        Assert.Empty(Connector.Requests);
    }

    [Fact]
    public async Task Post_InvalidUtf8InText_400()
    {
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["text"] = "help " + Lone;
        var json = Encoding.UTF8.GetBytes(activity.ToJsonString());
        var at = json.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Lone));
        json[at] = 0xFF;

        Assert.Equal(HttpStatusCode.BadRequest, await PostRawAsync(json));
        Assert.Empty(Connector.Requests);
    }

    [Fact]
    public async Task Post_Utf8ByteOrderMark_ReadAsIfAbsent()
    {
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["text"] = "help";

        Assert.Equal(HttpStatusCode.OK, await PostRawAsync([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(activity.ToJsonString())]));
        Assert.Contains("attachments", Connector.ReplyTo(activity).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conversation", "..")]
    [InlineData("conversation", ".")]
    [InlineData("conversation", null)]
    [InlineData("replyToId", "..")]
    [InlineData("serviceUrl", null)]
    public async Task Post_IdsAReplyNeedsMissingOrDotSegments_400NothingSent(string field, string? value)
    {
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["text"] = "help";
        switch (field)
        {
            case "conversation" when value is null:
                activity.Remove("conversation");
                break;
            case "conversation":
                activity["conversation"]!["id"] = value;
                break;
            case "serviceUrl":
                activity.Remove("serviceUrl");
                break;
            default:
                activity[field] = value;
                break;
        }

        Assert.Equal(HttpStatusCode.BadRequest, await PostRawAsync(Encoding.UTF8.GetBytes(activity.ToJsonString())));
        Assert.Empty(Connector.Requests);
    }

    /// <summary>The activity as bytes, with <see cref="Lone"/> replaced by the raw escape text (which no .NET string can hold).</summary>
    private static byte[] Raw(JsonObject activity, Action<JsonObject> edit, string escape, bool inName = false)
    {
        var copy = activity.DeepClone().AsObject();
        edit(copy);
        var json = copy.ToJsonString();
        Assert.Contains(Lone, json, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(json.Replace(Lone, inName ? escape.Replace(" ", "", StringComparison.Ordinal) : escape, StringComparison.Ordinal));
    }

    /// <summary>The same card action as an <c>Action.Submit</c> message (its data with the verb in it).</summary>
    private static JsonObject AsSubmit(JsonObject execute)
    {
        var a = execute.DeepClone().AsObject();
        var data = a["value"]!["action"]!["data"]!.DeepClone().AsObject();
        data["verb"] = a["value"]!["action"]!["verb"]!.GetValue<string>();
        a["type"] = "message";
        a.Remove("name");
        a["value"] = data;
        return a;
    }

    private async Task<HttpStatusCode> PostRawAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await App.CreateClient().PostAsync("/api/messages", content);
        return response.StatusCode;
    }
}
