using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CxBot.Features.AppPackage;

/// <summary>
/// Fills the <c>${name}</c> placeholders of <c>manifest/manifest.template.json</c> by walking the JSON tree: a value is
/// only ever put inside a JSON string, so no value can break the JSON or add a field.
/// </summary>
internal static partial class ManifestTemplate
{
    /// <summary>The section that exists only when Graph proactive installation is configured.</summary>
    public const string WebApplicationInfo = "webApplicationInfo";

    /// <summary>A copy of <paramref name="template"/> with every placeholder replaced.</summary>
    /// <exception cref="FormatException">A placeholder has no value; the message names its JSON path.</exception>
    public static JsonObject Fill(JsonObject template, IReadOnlyDictionary<string, string> values, bool withWebApplicationInfo)
    {
        var manifest = template.DeepClone().AsObject();
        if (!withWebApplicationInfo)
        {
            manifest.Remove(WebApplicationInfo);
        }

        FillNode(manifest, values, "");
        return manifest;
    }

    private static void FillNode(JsonNode? node, IReadOnlyDictionary<string, string> values, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        obj[key] = Replace(text, values, $"{path}/{key}");
                    }
                    else
                    {
                        FillNode(child, values, $"{path}/{key}");
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        array[i] = Replace(text, values, $"{path}/{i}");
                    }
                    else
                    {
                        FillNode(array[i], values, $"{path}/{i}");
                    }
                }

                break;
        }
    }

    private static string Replace(string text, IReadOnlyDictionary<string, string> values, string path)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        if (Placeholder().Replace(text, "").Contains("${", StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: malformed placeholder in \"{text}\"; write ${{name}}");
        }

        // The evaluator's result is used as is ("$1" in a value stays "$1").
        return Placeholder().Replace(text, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new FormatException($"{path}: the manifest template's placeholder {match.Value} has no value"));
    }

    [GeneratedRegex(@"\$\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();
}
