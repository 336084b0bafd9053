using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>Turns template JSON into <see cref="TemplateNode"/>s, rejecting anything the binder would not treat exactly as the JS library does.</summary>
internal static class TemplateCompiler
{
    private static readonly string[] Reserved = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    /// <exception cref="FormatException">Names the JSON path of the first unsupported or malformed expression.</exception>
    public static TemplateNode Compile(JsonNode? node, string path = "$") => node switch
    {
        JsonObject obj => CompileObject(obj, path),
        JsonArray array => new ArrayNode(array.Select((item, i) => Compile(item, $"{path}[{i}]")).ToList()),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => CompileString(value.GetValue<string>(), path),
        _ => new LiteralNode(node?.DeepClone()),
    };

    private static ObjectNode CompileObject(JsonObject obj, string path)
    {
        var properties = obj.Where(p => !Reserved.Contains(p.Key))
            .Select(p => KeyValuePair.Create(p.Key, Compile(p.Value, path + "." + p.Key)))
            .ToList();
        return new ObjectNode(properties, Directive(obj, "$data", path), Directive(obj, "$when", path));
    }

    private static Expr? Directive(JsonObject obj, string name, string path)
    {
        if (!obj.TryGetPropertyValue(name, out var value))
        {
            return null;
        }

        return Compile(value, path + "." + name) is ValueNode node
            ? node.Expression
            : throw new FormatException($"{path}.{name} must be a single \"${{…}}\" expression");
    }

    private static TemplateNode CompileString(string text, string path)
    {
        try
        {
            var parts = Interpolation.Split(text);
            return parts switch
            {
                null => new LiteralNode(JsonValue.Create(text)),
                [{ Text: null, Expression: { IsConstant: false } single }] => new ValueNode(single),
                _ => new TextNode(parts),
            };
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{path}: {ex.Message} in \"{text}\"", ex);
        }
    }
}
