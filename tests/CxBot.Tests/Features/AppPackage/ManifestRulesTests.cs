using System.Text.Json.Nodes;
using CxBot.Features.AppPackage;

namespace CxBot.Tests.Features.AppPackage;

public sealed class ManifestRulesTests
{
    [Fact]
    public void Check_FilledTemplate_NoViolations()
    {
        Assert.Empty(ManifestRules.Check(TestManifest.Filled()));
        Assert.Empty(ManifestRules.Check(TestManifest.Filled(proactiveInstall: true)));
    }

    [Theory]
    [InlineData("name", "short", 31, "/name/short")]
    [InlineData("name", "full", 101, "/name/full")]
    [InlineData("description", "short", 81, "/description/short")]
    [InlineData("description", "full", 4001, "/description/full")]
    public void Check_TextOneOverItsLimit_RefusedNamingThePath(string section, string field, int length, string path)
    {
        var manifest = TestManifest.Filled();
        manifest[section]![field] = new string('a', length);

        var problem = Assert.Single(ManifestRules.Check(manifest));

        Assert.Equal(path, problem.Path);
        Assert.Contains($"{length} characters", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TextAtItsLimit_Accepted()
    {
        var manifest = TestManifest.Filled();
        manifest["name"]!["short"] = new string('a', 30);
        manifest["description"]!["short"] = new string('a', 80);

        Assert.Empty(ManifestRules.Check(manifest));
    }

    [Fact]
    public void Check_ElevenCommandsInAList_Refused()
    {
        var manifest = TestManifest.Filled();
        var commands = Lists(manifest)[0]!["commands"]!.AsArray();
        for (var i = commands.Count; i < 11; i++)
        {
            commands.Add(new JsonObject { ["title"] = $"command{i}", ["description"] = "x" });
        }

        var problem = Assert.Single(ManifestRules.Check(manifest));

        Assert.Equal("/bots/0/commandLists/0/commands", problem.Path);
    }

    [Fact]
    public void Check_FourCommandLists_Refused()
    {
        var manifest = TestManifest.Filled();
        Lists(manifest).Add(new JsonObject { ["scopes"] = new JsonArray(), ["commands"] = new JsonArray() });

        Assert.Contains(ManifestRules.Check(manifest), p => p.Path == "/bots/0/commandLists" && p.Message.Contains("at most 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ScopeListedTwiceOrMissingOnTheBot_Refused()
    {
        var manifest = TestManifest.Filled();
        Lists(manifest)[1]!["scopes"] = new JsonArray("personal");
        manifest["bots"]![0]!["scopes"] = new JsonArray("personal", "team");

        var problems = ManifestRules.Check(manifest);

        Assert.Contains(problems, p => p.Path == "/bots/0/commandLists/1/scopes" && p.Message.Contains("already has", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "/bots/0/commandLists/2/scopes" && p.Message.Contains("'groupChat'", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_DuplicateOrOverlongCommandTitle_Refused()
    {
        var manifest = TestManifest.Filled();
        var commands = Lists(manifest)[0]!["commands"]!.AsArray();
        var first = commands.Count;
        commands.Add(new JsonObject { ["title"] = "HELP" });
        commands.Add(new JsonObject { ["title"] = new string('x', 33) });

        var problems = ManifestRules.Check(manifest);

        Assert.Contains(problems, p => p.Path == $"/bots/0/commandLists/0/commands/{first}/title");
        Assert.Contains(problems, p => p.Path == $"/bots/0/commandLists/0/commands/{first + 1}/title");
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-beta")]
    public void Check_VersionNotMajorMinorPatch_Refused(string version)
    {
        var manifest = TestManifest.Filled();
        manifest["version"] = version;

        Assert.Equal("/version", Assert.Single(ManifestRules.Check(manifest)).Path);
    }

    [Fact]
    public void Check_PlaceholderLeft_RefusedNamingThePath()
    {
        var manifest = TestManifest.Filled();
        manifest["developer"]!["websiteUrl"] = "https://${domain}/";

        Assert.Equal("/developer/websiteUrl", Assert.Single(ManifestRules.Check(manifest)).Path);
    }

    [Fact]
    public void Check_WrongTypes_ReportedNotThrown()
    {
        var manifest = TestManifest.Filled();
        manifest["version"] = 3;
        manifest["name"]!["short"] = new JsonArray();

        var problems = ManifestRules.Check(manifest);

        Assert.Contains(problems, p => p.Path == "/version");
        Assert.Contains(problems, p => p.Path == "/name/short");
    }

    private static JsonArray Lists(JsonObject manifest) => manifest["bots"]![0]!["commandLists"]!.AsArray();
}
