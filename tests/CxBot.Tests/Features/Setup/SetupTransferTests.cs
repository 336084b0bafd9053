using System.Text.Json.Nodes;
using CxBot.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Tests.Features.Setup;

[Collection(AzuriteCollection.Name)]
public sealed class SetupTransferTests(AzuriteFixture azurite)
{
    private readonly SetupHarness _h = new(azurite.Server);

    private SetupTransfer Transfer => new(_h.Store, _h.Clock, NullLogger<SetupTransfer>.Instance);

    [Fact]
    public async Task ExportThenImport_IntoAnotherTenant_IdenticalSetup()
    {
        var a = await TailoredTenantAsync();
        var b = SetupHarness.NewTenant();

        var exported = await Transfer.ExportAsync(a, default);
        var result = await Transfer.ImportAsync(b, exported, default);

        Assert.True(result.Imported, string.Join(" ", result.Problems));
        Assert.Equal(exported, await Transfer.ExportAsync(b, default));
        Assert.Equal(SetupRows.ToRows(await _h.Service.GetAsync(a, default)), SetupRows.ToRows(await _h.Service.GetAsync(b, default)));
        Assert.Contains("\"effectiveFrom\": \"2026-12-01\"", exported, StringComparison.Ordinal);
        Assert.All(await _h.Store.ReadAuditAsync(b, default), e => Assert.Equal((SetupTransfer.ImportUser, "setup.import"), (e.UserId, e.Action)));
    }

    [Fact]
    public async Task Import_SameDocumentAgain_ChangesNothing()
    {
        var a = await TailoredTenantAsync();
        var exported = await Transfer.ExportAsync(a, default);

        var again = await Transfer.ImportAsync(a, exported, default);

        Assert.True(again.Imported);
        Assert.Equal(0, again.RowsChanged);
    }

    [Theory]
    [InlineData("syntax", "Line 5")]
    [InlineData("type", "Line ")]
    [InlineData("missing", "name")]
    [InlineData("rule", "touchpoint \"nowhere\", which does not exist")]
    [InlineData("version", "formatVersion 7")]
    public async Task Import_BadDocument_RefusedWithReasonAndNothingChanged(string fault, string expected)
    {
        var tenant = await TailoredTenantAsync();
        var good = await Transfer.ExportAsync(tenant, default);
        var before = SetupRows.ToRows(await _h.Service.GetAsync(tenant, default));
        var auditBefore = (await _h.Store.ReadAuditAsync(tenant, default)).Count;
        var doc = JsonNode.Parse(good)!;
        var standards = doc["setup"]!["standards"]!.AsArray();
        // Each bad document also changes something valid, which must not be half-applied.
        doc["setup"]!["organisation"]!["name"] = "Renamed";
        var bad = fault switch
        {
            "syntax" => string.Join('\n', good.Split('\n').Select((line, i) => i == 4 ? line + " ]" : line)),
            "type" => Replace(doc, () => standards[0]!["versions"]![0]!["target"] = "ninety"),
            "missing" => Replace(doc, () => standards[0]!.AsObject().Remove("name")),
            "rule" => Replace(doc, () => standards[0]!["touchpointId"] = "nowhere"),
            _ => Replace(doc, () => doc["formatVersion"] = 7),
        };

        var result = await Transfer.ImportAsync(tenant, bad, default);

        Assert.False(result.Imported);
        Assert.Contains(result.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(before, SetupRows.ToRows(await _h.Service.GetAsync(tenant, default)));
        Assert.Equal(auditBefore, (await _h.Store.ReadAuditAsync(tenant, default)).Count);
    }

    private static string Replace(JsonNode doc, Action change)
    {
        change();
        return doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A tenant with a starter journey, a changed target, a retired standard, a team and a leadership channel.</summary>
    private async Task<string> TailoredTenantAsync()
    {
        var tenant = SetupHarness.NewTenant();
        var admin = SetupHarness.Admin(tenant);
        var roles = _h.Roles;
        await _h.Service.ApplyAsync(admin, "org", (s, _) => OrganisationChanges.Save(s, admin, roles, new OrganisationInput("Northwind \"Home\" ${x}", "Europe/London", "GBP")), default);
        await _h.PickAsync(admin);
        await _h.Service.ApplyAsync(admin, "t", (s, d) => JourneyChanges.ChangeTarget(s, admin, roles, "slot-kept", 97.5, new DateOnly(2026, 12, 1), d), default);
        await _h.Service.ApplyAsync(admin, "r", (s, d) => JourneyChanges.Retire(s, admin, roles, "damage-free", d), default);
        await _h.Service.ApplyAsync(admin, "team", (s, _) => TeamChanges.EnsureTeam(s, admin, "19:store42@thread.tacv2", "Store 42 – Leeds"), default);
        await _h.Service.ApplyAsync(admin, "team", (s, _) => TeamChanges.Save(s, admin, roles, "19:store42@thread.tacv2", new TeamDraft("Europe/London", new TimeOnly(17, 30), [new PickedPerson(admin.UserId, admin.Name)], ["slot-kept"])), default);
        var outcome = await _h.Service.ApplyAsync(admin, "lead", (s, _) => TeamChanges.SaveLeadership(s, admin, roles, "19:leaders@thread.tacv2", "Leaders", false, ["19:store42@thread.tacv2"], DateTimeOffset.UnixEpoch), default);
        Assert.True(outcome.Applied, outcome.Message);
        return tenant;
    }
}
