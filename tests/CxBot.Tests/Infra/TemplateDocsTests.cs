using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Testing;

namespace CxBot.Tests.Infra;

/// <summary>
/// The compiled <c>infra/main.bicep</c> and what the docs say of it agree: the parameters and outputs of infra/README.md,
/// the app settings docs/deploy.md marks as set by the template (<b>T</b>), and the example parameters file.
/// </summary>
public sealed partial class TemplateDocsTests
{
    [Fact]
    public async Task Readme_ParameterTable_NamesEveryParameterWithItsDefault()
    {
        var arm = await MainTemplate.ArmAsync();
        var parameters = arm["parameters"]!.AsObject();

        var rows = ReadmeParameterRows();

        Assert.Equal(parameters.Select(p => p.Key).Order(StringComparer.Ordinal), rows.SelectMany(r => r.Names).Order(StringComparer.Ordinal));
        var withDefaults = rows.Where(r => r.Default is not null).ToList();
        Assert.True(withDefaults.Count >= 6, $"Expected the defaults of infra/README.md's parameter table, found {withDefaults.Count}.");
        Assert.All(withDefaults, r => Assert.Equal(r.Default, DefaultText(parameters[r.Names[0]]!["defaultValue"])));
        Assert.Null(parameters["name"]!["defaultValue"]);
    }

    [Fact]
    public async Task Readme_OutputsList_IsTheTemplatesOutputs()
    {
        var arm = await MainTemplate.ArmAsync();
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "infra", "README.md"));
        var deploy = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "deploy.md"));

        var block = readme[readme.IndexOf("--query properties.outputs", StringComparison.Ordinal)..];
        var listed = OutputLine().Matches(block[..block.IndexOf("```", StringComparison.Ordinal)]).Select(m => m.Groups["name"].Value).ToList();
        var outputs = arm["outputs"]!.AsObject().Select(o => o.Key).ToList();

        Assert.Equal(outputs.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.All(["webAppName", "domain", "botId", "identityPrincipalId"], o => Assert.Contains($"`{o}`", deploy, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployGuide_SettingsMarkedT_SetByTheTemplate()
    {
        var arm = await MainTemplate.ArmAsync();
        var deploy = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "deploy.md"));
        var appSettings = (string?)MainTemplate.Single(arm, "Microsoft.Web/sites/config")["properties"] ?? "";

        var marked = SettingMarkedT().Matches(deploy).Select(m => m.Groups["key"].Value).Distinct().ToList();

        Assert.True(marked.Count >= 10, "Expected docs/deploy.md to mark the template's settings with **T**, found: " + string.Join(", ", marked));
        Assert.Contains("WEBSITES_PORT", marked);
        var missing = marked.Where(k => !appSettings.Contains($"'{k}', ", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/deploy.md says the template sets these, but it does not: " + string.Join(", ", missing));
        Assert.EndsWith("parameters('extraAppSettings'))]", appSettings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExampleParameters_EveryValue_AcceptedByTheTemplate()
    {
        var arm = await MainTemplate.ArmAsync();
        var declared = arm["parameters"]!.AsObject();
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "infra", "main.parameters.json")))!["parameters"]!.AsObject();

        var unknown = example.Select(p => p.Key).Where(k => !declared.ContainsKey(k)).ToList();
        var requiredMissing = declared.Where(p => p.Value?["defaultValue"] is null && !example.ContainsKey(p.Key)).Select(p => p.Key).ToList();
        var refused = example.Where(p => declared[p.Key] is JsonObject d && !Accepts(d, p.Value!["value"])).Select(p => p.Key).ToList();

        Assert.True(unknown.Count == 0, "main.parameters.json sets parameters the template does not have: " + string.Join(", ", unknown));
        Assert.True(requiredMissing.Count == 0, "main.parameters.json leaves out required parameters: " + string.Join(", ", requiredMissing));
        Assert.True(refused.Count == 0, "main.parameters.json has values the template refuses: " + string.Join(", ", refused));
    }

    private static bool Accepts(JsonObject declared, JsonNode? value)
    {
        if (declared["allowedValues"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            return false;
        }

        return (string?)declared["type"] switch
        {
            "string" => value?.GetValueKind() == System.Text.Json.JsonValueKind.String
                && ((string)value!).Length >= ((int?)declared["minLength"] ?? 0)
                && ((string)value!).Length <= ((int?)declared["maxLength"] ?? int.MaxValue),
            "int" => value?.GetValueKind() == System.Text.Json.JsonValueKind.Number
                && (int)value! >= ((int?)declared["minValue"] ?? int.MinValue)
                && (int)value! <= ((int?)declared["maxValue"] ?? int.MaxValue),
            "object" => value is JsonObject,
            _ => false,
        };
    }

    /// <summary>The rows of infra/README.md's "Parameters" table: the names in the first cell, the default if written as code.</summary>
    private static List<(string[] Names, string? Default)> ReadmeParameterRows()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "README.md"));
        var section = readme[readme.IndexOf("## Parameters", StringComparison.Ordinal)..];
        return section.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => (
                CodeSpan().Matches(cells[1]).Select(m => m.Groups["code"].Value).ToArray(),
                CodeSpan().Match(cells[2]) is { Success: true } d && d.Value == cells[2] ? d.Groups["code"].Value : null))
            .ToList();
    }

    private static string? DefaultText(JsonNode? value) => value switch
    {
        null => null,
        JsonObject o when o.Count == 0 => "{}",
        _ when value.GetValueKind() == System.Text.Json.JsonValueKind.String => (string?)value,
        _ => value.ToJsonString(),
    };

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^# (?<name>\w+)\s", RegexOptions.Multiline)]
    private static partial Regex OutputLine();

    [GeneratedRegex(@"`(?<key>[A-Za-z][A-Za-z0-9_]*)(=[^`]*)?` \*\*T\*\*")]
    private static partial Regex SettingMarkedT();
}
