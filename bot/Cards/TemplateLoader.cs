using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace CxBot.Cards;

/// <summary>Reads and prepares every template file in a folder; the first bad file stops the load with its name.</summary>
internal static class TemplateLoader
{
    public const string SampleSuffix = ".data.json";

    /// <exception cref="CardTemplateException">The folder is missing or empty, or a file is not a valid template.</exception>
    public static Dictionary<string, TemplateNode> Load(string directory, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            throw new CardTemplateException($"The card templates folder {directory} does not exist.");
        }

        var templates = new Dictionary<string, TemplateNode>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(SampleSuffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = Path.ChangeExtension(Path.GetRelativePath(directory, file), null).Replace('\\', '/');
            try
            {
                var json = JsonNode.Parse(File.ReadAllText(file)) as JsonObject
                    ?? throw new FormatException("a card template must be a JSON object");
                templates.Add(name, TemplateCompiler.Compile(json));
                Log.TemplateLoaded(logger, name, file);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or IOException)
            {
                throw new CardTemplateException($"Card template {file} is not valid: {ex.Message}", ex);
            }
        }

        return templates.Count > 0 ? templates : throw new CardTemplateException($"The card templates folder {directory} has no templates.");
    }
}
