using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Protocol;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Hardening;

/// <summary>One test per failure the fuzzer found (each answered 500 with an unhandled exception before its fix).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegressionTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("""[{"type":"mention","text":-1}]""")]
    [InlineData("""[{"type":true,"text":"<at>CxBot</at>"}]""")]
    [InlineData("""[{"type":"mention","text":"<at>CxBot</at>","mentioned":"28:bot"}]""")]
    [InlineData("""[{"type":"mention","text":{"a":1},"mentioned":{"id":[1]}}]""")]
    [InlineData("""[null,{"type":"mention","text":"<at>CxBot</at>"}]""")]
    public void TextWithoutMentions_EntitiesOfAnyShape_TextWithoutThrowing(string entities)
    {
        var activity = JsonSerializer.Deserialize("""{"type":"message","text":"<at>CxBot</at> help","entities":""" + entities + "}", ProtocolJson.Default.Activity)!;

        Assert.EndsWith("help", activity.TextWithoutMentions(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[null]""")]
    [InlineData("""[{"type":"clientInfo","timezone":42}]""")]
    public async Task Install_OddClientInfoEntities_Answers200(string entities)
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false);
        var f = new IncidentFlow(bot.App, bot.Connector);
        var install = f.T.PersonalInstall(f.Admin);
        install["entities"] = JsonNode.Parse(entities);

        var (status, _) = await bot.PostRawAsync(install.ToJsonString(), null);

        Assert.Equal(200, status);
        Assert.DoesNotContain(bot.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Theory]
    [InlineData("conversation", "tenantId", 65)]
    [InlineData("conversation", "tenantId", 0)]
    [InlineData("conversation", "id", 257)]
    [InlineData("from", "id", 257)]
    [InlineData("from", "aadObjectId", 65)]
    public async Task PostMessages_BlankOrOversizedIds_400AndNothingStored(string holder, string field, int length)
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false);
        var f = new IncidentFlow(bot.App, bot.Connector);
        var activity = f.T.PersonalText(f.Reporter, "help");
        activity[holder]![field] = length == 0 ? "  " : new string('x', length);

        var (status, _) = await bot.PostRawAsync(activity.ToJsonString(), null);

        Assert.Equal(400, status);
        // Background loops (rollups, check-ins) take their leases on their own; no row may come from the request.
        Assert.DoesNotContain(await StoredRow.ReadAllAsync(bot.App.Services), r => r.PartitionKey != CxBot.Storage.TableLease.DefaultPartition);
        Assert.Empty(bot.Connector.Requests);
    }

    [Theory]
    [InlineData("INC-2026/000001")]
    [InlineData("INC#1")]
    [InlineData("../INC-2026-000001")]
    public async Task IncidentAction_ReferenceThatIsNoKey_NotFoundNot500(string reference)
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false);
        var f = await new IncidentFlow(bot.App, bot.Connector).SetUpAsync();

        var refresh = await f.InvokeMessageAsync(f.T.Execute(f.Manager, IncidentNames.Refresh, new JsonObject { ["reference"] = reference }));
        var acknowledge = await f.InvokeMessageAsync(f.T.Execute(f.Manager, IncidentNames.Acknowledge, new JsonObject { ["reference"] = reference, ["rev"] = 1 }));

        Assert.Equal([IncidentTriage.NotFound, IncidentTriage.NotFound], [refresh, acknowledge]);
        Assert.DoesNotContain(bot.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task PostMessages_ConnectorRefusesTheReply_200AndAWarningNotAnError()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: false);
        var f = new IncidentFlow(bot.App, bot.Connector);
        bot.Connector.Enqueue(400, errorCode: "BadArgument");

        var (status, _) = await bot.PostRawAsync(f.T.PersonalText(f.Reporter, "help").ToJsonString(), null);

        Assert.Equal(200, status);
        Assert.Contains(bot.Logs.Entries, e => e.EventId == 2092);
        Assert.DoesNotContain(bot.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
