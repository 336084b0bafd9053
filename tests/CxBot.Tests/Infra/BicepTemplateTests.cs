using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace CxBot.Tests.Infra;

/// <summary>
/// <c>infra/main.bicep</c> compiles and lints with the Bicep compiler (NuGet <c>Azure.Bicep.CommandLine.linux-x64</c>) with
/// no error and no warning, offline, and the compiled ARM template creates what infra/README.md and docs/deploy.md promise.
/// The same check is shown to fail on broken copies of the template: the compiler exits 0 on warnings, and some
/// warnings (a misspelt property) are deployments that would fail.
/// </summary>
public sealed partial class BicepTemplateTests
{
    // Built-in role "Storage Table Data Contributor".
    private const string TableDataContributorRole = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    [Fact]
    public async Task Build_MainTemplate_NoErrorsNoWarnings()
    {
        var (run, arm) = await MainTemplate.CompileOnceAsync();

        AssertNoErrorsOrWarnings(run, "bicep build infra/main.bicep");
        Assert.NotNull(arm);
    }

    [Fact]
    public async Task Lint_MainTemplate_NoErrorsNoWarnings()
    {
        var run = await BicepCli.RunAsync("lint", MainTemplate.SourcePath);

        AssertNoErrorsOrWarnings(run, "bicep lint infra/main.bicep");
    }

    [Theory]
    [InlineData("build", "output domain string = web.properties.defaultHostName", "output domain string = web.properties.defaultHostNam", "BCP083")]
    [InlineData("build", "resource plan 'Microsoft.Web/serverfarms", "resorce plan 'Microsoft.Web/serverfarms", "BCP007")]
    [InlineData("lint", "param tags object = {}", "param tags object = {}\nparam leftOver string = 'unused'", "no-unused-params")]
    public async Task Check_BrokenCopyOfTheTemplate_Fails(string command, string original, string broken, string expectedCode)
    {
        var folder = Directory.CreateTempSubdirectory("cxbot-bicep-broken-");
        try
        {
            var source = await File.ReadAllTextAsync(MainTemplate.SourcePath);
            Assert.Contains(original, source, StringComparison.Ordinal);
            var copy = Path.Combine(folder.FullName, "main.bicep");
            await File.WriteAllTextAsync(copy, source.Replace(original, broken, StringComparison.Ordinal));
            string[] args = command == "build" ? ["build", copy, "--outfile", Path.Combine(folder.FullName, "main.json")] : ["lint", copy];

            var run = await BicepCli.RunAsync(args);

            var failure = Assert.ThrowsAny<XunitException>(() => AssertNoErrorsOrWarnings(run, $"bicep {command} of a broken copy"));
            Assert.Contains(expectedCode, failure.Message, StringComparison.Ordinal);
            var brokenLine = source[..source.IndexOf(original, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
            Assert.Contains(run.Problems, d => d.Code == expectedCode && d.Line >= brokenLine && d.Line <= brokenLine + 1);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CompiledTemplate_EveryResourceTheReadmeLists_Created()
    {
        var arm = await MainTemplate.ArmAsync();

        var types = MainTemplate.Resources(arm).Select(r => (string?)r["type"]).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            [
                "Microsoft.Authorization/roleAssignments",
                "Microsoft.BotService/botServices",
                "Microsoft.BotService/botServices/channels",
                "Microsoft.Insights/components",
                "Microsoft.ManagedIdentity/userAssignedIdentities",
                "Microsoft.OperationalInsights/workspaces",
                "Microsoft.Storage/storageAccounts",
                "Microsoft.Storage/storageAccounts/tableServices",
                "Microsoft.Web/serverfarms",
                "Microsoft.Web/sites",
                "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
                "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
                "Microsoft.Web/sites/config",
            ],
            types);
    }

    [Fact]
    public async Task CompiledTemplate_Storage_NoSharedKeysTls12HttpsOnlyAndTheTableRoleForTheIdentity()
    {
        var arm = await MainTemplate.ArmAsync();

        var storage = MainTemplate.Single(arm, "Microsoft.Storage/storageAccounts");
        var role = MainTemplate.Single(arm, "Microsoft.Authorization/roleAssignments");

        Assert.Equal("StorageV2", (string?)storage["kind"]);
        Assert.False((bool?)storage["properties"]?["allowSharedKeyAccess"], "allowSharedKeyAccess");
        Assert.False((bool?)storage["properties"]?["allowBlobPublicAccess"], "allowBlobPublicAccess");
        Assert.True((bool?)storage["properties"]?["supportsHttpsTrafficOnly"], "supportsHttpsTrafficOnly");
        Assert.Equal("TLS1_2", (string?)storage["properties"]?["minimumTlsVersion"]);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)role["scope"], StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", (string?)role["properties"]?["principalId"], StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)role["properties"]?["principalType"]);
        var roleDefinition = (string?)role["properties"]?["roleDefinitionId"] ?? "";
        Assert.Contains("Microsoft.Authorization/roleDefinitions", roleDefinition, StringComparison.Ordinal);
        Assert.Equal(TableDataContributorRole, ResolveVariables(arm, roleDefinition).Split('\'').Single(s => Guid.TryParse(s, out _)));
    }

    [Fact]
    public async Task CompiledTemplate_WebApp_LinuxDotnet10HttpsAlwaysOnHealthCheckNoAffinityNoPasswords()
    {
        var arm = await MainTemplate.ArmAsync();

        var plan = MainTemplate.Single(arm, "Microsoft.Web/serverfarms");
        var site = MainTemplate.Single(arm, "Microsoft.Web/sites");
        var config = site["properties"]?["siteConfig"];
        var publishing = MainTemplate.Resources(arm).Where(r => (string?)r["type"] == "Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal("linux", (string?)plan["kind"]);
        Assert.True((bool?)plan["properties"]?["reserved"], "reserved");
        Assert.Equal("[parameters('instanceCount')]", (string?)plan["sku"]?["capacity"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);
        Assert.True((bool?)site["properties"]?["httpsOnly"], "httpsOnly");
        Assert.False((bool?)site["properties"]?["clientAffinityEnabled"], "clientAffinityEnabled");
        Assert.Equal("DOTNETCORE|10.0", (string?)config?["linuxFxVersion"]);
        Assert.True((bool?)config?["alwaysOn"], "alwaysOn");
        Assert.Equal("/readyz", (string?)config?["healthCheckPath"]);
        Assert.Equal("Disabled", (string?)config?["ftpsState"]);
        Assert.Equal(["ftp", "scm"], publishing.Select(p => LastNameSegment((string?)p["name"])).Order(StringComparer.Ordinal));
        Assert.All(publishing, p => Assert.False((bool?)p["properties"]?["allow"], "basic publishing credentials allowed"));
    }

    [Fact]
    public async Task CompiledTemplate_AzureBot_GlobalWithTheWebAppsMessagesEndpointAndTeams()
    {
        var arm = await MainTemplate.ArmAsync();

        var bot = MainTemplate.Single(arm, "Microsoft.BotService/botServices");
        var channel = MainTemplate.Single(arm, "Microsoft.BotService/botServices/channels");
        var properties = (string?)bot["properties"] ?? "";

        Assert.Equal("global", (string?)bot["location"]);
        Assert.Equal("azurebot", (string?)bot["kind"]);
        Assert.Contains("format('https://{0}/api/messages', reference(resourceId('Microsoft.Web/sites'", properties, StringComparison.Ordinal);
        Assert.Contains("'UserAssignedMSI'", properties, StringComparison.Ordinal);
        Assert.Contains("'msaAppMSIResourceId', resourceId('Microsoft.ManagedIdentity/userAssignedIdentities'", properties, StringComparison.Ordinal);
        Assert.Equal("MsTeamsChannel", LastNameSegment((string?)channel["name"]));
        Assert.Equal("MsTeamsChannel", (string?)channel["properties"]?["channelName"]);
        Assert.True((bool?)channel["properties"]?["properties"]?["isEnabled"], "isEnabled");
    }

    /// <summary>Fails, with the compiler's whole output, on a non-zero exit or any error or warning line.</summary>
    internal static void AssertNoErrorsOrWarnings(BicepRun run, string what)
    {
        var problems = run.Problems;
        Assert.True(
            run.Exit == 0 && problems.Count == 0,
            $"{what} exited with {run.Exit}, {problems.Count(p => p.Level == "Error")} errors and {problems.Count(p => p.Level == "Warning")} warnings:\n{run.Output}");
    }

    private static string ResolveVariables(JsonObject arm, string expression) =>
        VariableReference().Replace(expression, m => $"'{(string?)arm["variables"]?[m.Groups["name"].Value]}'");

    private static string LastNameSegment(string? name) => (name ?? "").TrimEnd(']', ')').Split('\'', StringSplitOptions.RemoveEmptyEntries)[^1];

    [GeneratedRegex(@"variables\('(?<name>\w+)'\)")]
    private static partial Regex VariableReference();
}
