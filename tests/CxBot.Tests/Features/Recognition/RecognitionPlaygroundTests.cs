using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Recognition;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Recognition;

/// <summary>Recognition with the real Agents Playground: its one user opens the form and cannot recognise themselves.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class RecognitionPlaygroundTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private BotApp _bot = null!;
    private PlaygroundServer _playground = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        _bot = BotApp.Local(azurite.Server, ("Storage:TablePrefix", TestTables.UniquePrefix()));
        _bot.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _bot.StartServer();
        _playground = await PlaygroundServer.StartAsync(new Uri($"http://127.0.0.1:{port}/api/messages"));
    }

    public async Task DisposeAsync()
    {
        await _playground.DisposeAsync();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task Playground_KudosThenGiveToSelf_FormCardAndRefusal()
    {
        var config = await _playground.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var user = config["currentUser"]!["id"]!.GetValue<string>();
        var aad = config["currentUser"]!["aadObjectId"]?.GetValue<string>() ?? user;
        await _playground.InstallAsync(chat);
        await _playground.WaitForAsync(e => e.ToJsonString().Contains("Welcome to CxBot", StringComparison.Ordinal), Wait);

        await _playground.SendTextAsync(chat, user, "kudos");
        var form = await _playground.WaitForAsync(e => e.ToJsonString().Contains("Send shout-out", StringComparison.Ordinal), Wait);
        var token = TokenPattern().Match(form.ToJsonString()).Groups[1].Value;
        var (status, body) = await _playground.InvokeAsync(new JsonObject
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
    }

    [GeneratedRegex("token[\\\\\"]*:[\\\\\"]*([0-9a-f]{32})")]
    private static partial Regex TokenPattern();
}
