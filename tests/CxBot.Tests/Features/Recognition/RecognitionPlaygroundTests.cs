using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Recognition;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Recognition;

/// <summary>Recognition with the real Agents Playground: its one user opens the form and cannot recognise themselves.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class RecognitionPlaygroundTests(AzuriteFixture azurite) : PlaygroundTests(azurite, null)
{
    [Fact]
    public async Task Playground_KudosThenGiveToSelf_FormCardAndRefusal()
    {
        var config = await Playground.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var user = config["currentUser"]!["id"]!.GetValue<string>();
        var aad = config["currentUser"]!["aadObjectId"]?.GetValue<string>() ?? user;
        await Playground.InstallAsync(chat);
        await Playground.WaitForAsync(e => e.ToJsonString().Contains("Welcome to CxBot", StringComparison.Ordinal), Wait);

        await Playground.SendTextAsync(chat, user, "kudos");
        var form = await Playground.WaitForAsync(e => e.ToJsonString().Contains("Send shout-out", StringComparison.Ordinal), Wait);
        var token = TokenPattern().Match(form.ToJsonString()).Groups[1].Value;
        var (status, body) = await Playground.InvokeAsync(new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = RecognitionNames.Give,
                    ["data"] = new JsonObject { ["token"] = token, ["recipients"] = aad, ["behaviour"] = "s:slot-kept", ["message"] = "Me!" },
                },
                ["trigger"] = "manual",
            },
            ["from"] = new JsonObject { ["id"] = user },
            ["conversation"] = new JsonObject { ["id"] = chat },
            ["replyToId"] = form["message"]!["messageId"]!.ToString(),
        });

        Assert.True(token.Length == 32, form.ToJsonString());
        Assert.True(status == 200, body?.ToJsonString());
        Assert.Contains(GiveRules.SelfRefused, body!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        await AssertEverythingReadableAsync();
    }

    [GeneratedRegex("token[\\\\\"]*:[\\\\\"]*([0-9a-f]{32})")]
    private static partial Regex TokenPattern();
}
