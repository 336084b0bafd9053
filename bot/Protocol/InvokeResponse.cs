using System.Text.Json.Nodes;

namespace CxBot.Protocol;

/// <summary>The HTTP answer to an invoke: a status and an optional JSON body.</summary>
public sealed record InvokeResponse(int Status, JsonNode? Body)
{
    /// <summary>Replaces the card that was pressed.</summary>
    public static InvokeResponse Card(JsonObject card) => Adaptive(200, ContentTypes.AdaptiveCard, card);

    /// <summary>Shows a short message to the user.</summary>
    public static InvokeResponse Message(string text) => Adaptive(200, ContentTypes.ActivityMessage, JsonValue.Create(text));

    /// <summary>An error the client shows (400 for the user's mistakes, 500 for ours).</summary>
    public static InvokeResponse Error(int statusCode, string code, string message) =>
        Adaptive(statusCode, ContentTypes.Error, new JsonObject { ["code"] = code, ["message"] = message });

    private static InvokeResponse Adaptive(int statusCode, string type, JsonNode? value) =>
        new(200, new JsonObject { ["statusCode"] = statusCode, ["type"] = type, ["value"] = value });
}
