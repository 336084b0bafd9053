using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CxBot.Features.AppPackage;

/// <summary>
/// The Teams rules the JSON schema does not fully enforce (platform.md §6): name and description lengths, at most
/// 3 command lists of at most 10 commands, one list per scope, a semver version, no placeholder left unfilled.
/// </summary>
internal static partial class ManifestRules
{
    public const int MaxCommandLists = 3;
    public const int MaxCommandsPerList = 10;

    private static readonly (string Path, int Max)[] Lengths =
    [
        ("/name/short", 30), ("/name/full", 100), ("/description/short", 80), ("/description/full", 4000), ("/developer/name", 32),
    ];

    public static IReadOnlyList<ManifestViolation> Check(JsonObject manifest)
    {
        var problems = new List<ManifestViolation>();
        foreach (var (path, max) in Lengths)
        {
            var text = Text(At(manifest, path)) ?? "";
            if (text.Trim().Length == 0)
            {
                problems.Add(new(path, "must not be empty"));
            }
            else if (text.Length > max)
            {
                problems.Add(new(path, $"is {text.Length} characters; at most {max}"));
            }
        }

        if (Text(manifest["version"]) is not { } version || !SemVer().IsMatch(version))
        {
            problems.Add(new("/version", "must be a version like 1.2.3 (major.minor.patch)"));
        }

        problems.AddRange(CheckBots(manifest["bots"] as JsonArray));
        problems.AddRange(Unfilled(manifest, ""));
        return problems;
    }

    private static IEnumerable<ManifestViolation> CheckBots(JsonArray? bots)
    {
        if (bots is not [JsonObject bot])
        {
            yield return new("/bots", "must hold exactly one bot");
            yield break;
        }

        var scopes = (bot["scopes"] as JsonArray)?.Select(Text).ToHashSet(StringComparer.Ordinal) ?? [];
        var lists = bot["commandLists"] as JsonArray ?? [];
        if (lists.Count > MaxCommandLists)
        {
            yield return new("/bots/0/commandLists", $"has {lists.Count} lists; at most {MaxCommandLists}");
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lists.Count; i++)
        {
            var path = $"/bots/0/commandLists/{i}";
            foreach (var scope in (lists[i]?["scopes"] as JsonArray ?? []).Select(s => Text(s) ?? ""))
            {
                if (!scopes.Contains(scope))
                {
                    yield return new($"{path}/scopes", $"lists commands for scope '{scope}', which the bot does not have");
                }
                else if (!listed.Add(scope))
                {
                    yield return new($"{path}/scopes", $"scope '{scope}' already has a command list; use one list per scope");
                }
            }

            var commands = lists[i]?["commands"] as JsonArray ?? [];
            if (commands.Count > MaxCommandsPerList)
            {
                yield return new($"{path}/commands", $"has {commands.Count} commands; at most {MaxCommandsPerList}");
            }

            var titles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < commands.Count; c++)
            {
                var title = Text(commands[c]?["title"]) ?? "";
                var description = Text(commands[c]?["description"]) ?? "";
                if (title.Trim().Length is 0 or > 32)
                {
                    yield return new($"{path}/commands/{c}/title", "must be 1 to 32 characters");
                }
                else if (!titles.Add(title.Trim()))
                {
                    yield return new($"{path}/commands/{c}/title", $"'{title}' is listed twice");
                }

                if (description.Length > 128)
                {
                    yield return new($"{path}/commands/{c}/description", $"is {description.Length} characters; at most 128");
                }
            }
        }
    }

    private static IEnumerable<ManifestViolation> Unfilled(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Unfilled(p.Value, $"{path}/{p.Key}")),
        JsonArray array => array.SelectMany((item, i) => Unfilled(item, $"{path}/{i}")),
        JsonValue value when value.TryGetValue<string>(out var text) && text.Contains("${", StringComparison.Ordinal) =>
            [new ManifestViolation(path, $"placeholder left unfilled in \"{text}\"")],
        _ => [],
    };

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? At(JsonObject manifest, string pointer)
    {
        JsonNode? node = manifest;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]
    private static partial Regex SemVer();
}
