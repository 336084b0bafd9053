using System.Text.Json.Nodes;
using CxBot.Features.AppPackage;

namespace CxBot.Tests.Features.AppPackage;

public sealed class ManifestTemplateTests
{
    [Fact]
    public void Fill_TestValues_EveryPlaceholderReplaced()
    {
        var manifest = TestManifest.Filled();

        Assert.DoesNotContain("${", manifest.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("3f2a9c1e-7b4d-4e8a-9c2f-1d5e6b7a8c90", (string?)manifest["id"]);
        Assert.Equal("0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d", (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal("1.4.2", (string?)manifest["version"]);
        Assert.Equal(new[] { "cxbot-test.azurewebsites.net" }, manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal("https://contoso.example/privacy", (string?)manifest["developer"]!["privacyUrl"]);
    }

    [Fact]
    public void Fill_ProactiveInstallOff_NoWebApplicationInfo()
    {
        Assert.False(TestManifest.Filled(proactiveInstall: false).ContainsKey("webApplicationInfo"));
    }

    [Fact]
    public void Fill_ProactiveInstallOn_WebApplicationInfoWithTheBotId()
    {
        var info = TestManifest.Filled(proactiveInstall: true)["webApplicationInfo"]!;

        Assert.Equal("0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d", (string?)info["id"]);
        Assert.Equal("api://cxbot-test.azurewebsites.net/0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d", (string?)info["resource"]);
    }

    [Fact]
    public void Fill_ValueWithQuotesAndPlaceholderText_StaysOneLiteralString()
    {
        var template = new JsonObject { ["developer"] = new JsonObject { ["name"] = "${developerName}" }, ["list"] = new JsonArray("a ${domain} b") };
        var values = new Dictionary<string, string> { ["developerName"] = "O'Brien \"CX\" ${domain} $1", ["domain"] = "x.example" };

        var filled = ManifestTemplate.Fill(template, values, withWebApplicationInfo: false);

        Assert.Equal("O'Brien \"CX\" ${domain} $1", (string?)filled["developer"]!["name"]);
        Assert.Equal("a x.example b", (string?)filled["list"]![0]);
        Assert.Equal(2, filled.Count);
        Assert.Equal("${developerName}", (string?)template["developer"]!["name"]);
    }

    [Fact]
    public void Fill_PlaceholderWithoutValue_ThrowsNamingItsPath()
    {
        var template = new JsonObject { ["bots"] = new JsonArray(new JsonObject { ["botId"] = "${botIdentity}" }) };

        var ex = Assert.Throws<FormatException>(() => ManifestTemplate.Fill(template, new Dictionary<string, string>(), withWebApplicationInfo: false));

        Assert.StartsWith("/bots/0/botId:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("${botIdentity}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fill_MalformedPlaceholder_Throws()
    {
        var template = new JsonObject { ["version"] = "${version" };

        var ex = Assert.Throws<FormatException>(() => ManifestTemplate.Fill(template, new Dictionary<string, string> { ["version"] = "1.0.0" }, withWebApplicationInfo: false));

        Assert.StartsWith("/version:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_Scopes_PersonalTeamAndGroupChatEachWithOneCommandList()
    {
        var bot = TestManifest.Template()["bots"]!.AsArray().Single()!;
        var listScopes = bot["commandLists"]!.AsArray().SelectMany(l => l!["scopes"]!.AsArray().Select(s => (string?)s));

        Assert.Equal(new[] { "personal", "team", "groupChat" }, bot["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(new[] { "personal", "team", "groupChat" }, listScopes);
    }

    [Fact]
    public void Template_SchemaVersion_NewerThan122AndMatchesManifestVersion()
    {
        var template = TestManifest.Template();
        var schema = (string)template["$schema"]!;
        var version = Version.Parse((string)template["manifestVersion"]!);

        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json", schema);
        Assert.True(version >= new Version(1, 22), $"manifest version {version} is older than 1.22");
        Assert.True(File.Exists(Path.Combine(CxBot.Testing.RepoPaths.NodeModules, "@microsoft", "app-manifest", "build", "json-schemas", "teams", $"v{version}", "MicrosoftTeams.schema.json")));
    }
}
