using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Setup;

/// <summary>Hostile values on the setup cards through <c>/api/messages</c>: far-future target dates, control characters in names.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SetupInputTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("2126-01-01")]
    [InlineData("+3y+1d")]
    public async Task ChangeTarget_StartTooFarAhead_RefusedWithTheLastDayAndNothingStored(string from)
    {
        var (t, admin) = await AdminWithJourneyAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var last = today.AddYears(SetupRules.MaxTargetYearsAhead);
        var day = from == "+3y+1d" ? last.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : from;
        var before = SetupRows.ToRows(await Service.GetAsync(t.Tenant, default));

        var answer = await InvokeTextAsync(t.Execute(admin, "setup.standard.target", new JsonObject { ["standardId"] = "slot-kept", ["target"] = "97", ["effectiveFrom"] = day }));

        Assert.Contains($"A new target can start at most 3 years ahead, on or before {last:yyyy-MM-dd}.", answer, StringComparison.Ordinal);
        Assert.Equal(before, SetupRows.ToRows(await Service.GetAsync(t.Tenant, default)));
    }

    [Fact]
    public async Task ChangeTarget_StartWithinThreeYears_Stored()
    {
        var (t, admin) = await AdminWithJourneyAsync();
        var last = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(SetupRules.MaxTargetYearsAhead);

        var answer = await InvokeTextAsync(t.Execute(admin, "setup.standard.target", new JsonObject { ["standardId"] = "slot-kept", ["target"] = "97", ["effectiveFrom"] = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));

        Assert.Contains($"97 from {last:yyyy-MM-dd}", answer, StringComparison.Ordinal);
        Assert.Equal(97, (await Service.GetAsync(t.Tenant, default)).FindStandard("slot-kept")!.TargetOn(last));
    }

    [Fact]
    public async Task AddTouchpoint_ControlCharactersInNameAndDescription_StoredWithoutThemLineBreaksKeptInTheDescription()
    {
        var (t, admin) = await AdminWithJourneyAsync();

        await InvokeTextAsync(t.Execute(admin, "setup.touchpoint.add", new JsonObject { ["touchpointName"] = "Re\u0000turns\u001b desk\n", ["description"] = "Counter\u0000 by the door\r\nOpen 9\u0007-5", ["owner"] = "operations" }));

        var added = Assert.Single((await Service.GetAsync(t.Tenant, default)).Journey, p => p.Name.StartsWith("Re", StringComparison.Ordinal));
        Assert.Equal(("Returns desk", "Counter by the door\nOpen 9-5"), (added.Name, added.Description));
    }

    [Fact]
    public async Task Import_TargetFromTheFarFuture_RefusedWithTheStandardAndNothingWritten()
    {
        var (t, _) = await AdminWithJourneyAsync();
        var transfer = App.Services.GetRequiredService<SetupTransfer>();
        var document = JsonNode.Parse(await transfer.ExportAsync(t.Tenant, default))!;
        var versions = document["setup"]!["standards"]!.AsArray().First(s => (string?)s!["id"] == "slot-kept")!["versions"]!.AsArray();
        versions.Add(new JsonObject { ["effectiveFrom"] = "9999-12-31", ["target"] = 99 });
        var before = SetupRows.ToRows(await Service.GetAsync(t.Tenant, default));

        var result = await transfer.ImportAsync(t.Tenant, document.ToJsonString(), default);

        Assert.False(result.Imported);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("Standard \"slot-kept\" has a target from 9999-12-31: targets start between 2000-01-01 and ", problem, StringComparison.Ordinal);
        Assert.Equal(before, SetupRows.ToRows(await Service.GetAsync(t.Tenant, default)));
    }

    private SetupService Service => App.Services.GetRequiredService<SetupService>();

    private async Task<(SetupActivities T, string Admin)> AdminWithJourneyAsync()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var admin = Guid.NewGuid().ToString();
        using (var response = await App.PostAsync(t.PersonalInstall(admin)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await InvokeTextAsync(t.Execute(admin, "setup.journey.pick", new JsonObject { ["journey"] = "delivery" }));
        return (t, admin);
    }

    /// <summary>The invoke's answer (a card or a message) as text.</summary>
    private async Task<string> InvokeTextAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body["value"]!.ToJsonString(Relaxed);
    }
}
