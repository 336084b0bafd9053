using System.Text;
using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>Binds a prepared template to data by walking the tree, with the JS templating library's rules; values are never parsed again.</summary>
internal static class Binder
{
    /// <summary>Binds a whole template. The result is <see cref="Undefined"/>, null, or a new node; <paramref name="data"/> is only read.</summary>
    /// <exception cref="ExpressionException">An expression fails where the JS library throws too.</exception>
    public static object? Bind(TemplateNode template, JsonNode? data) => Expand(template, Scope.ForRoot(JsValues.FromNode(data)));

    private static object? Expand(TemplateNode node, Scope scope) => node switch
    {
        LiteralNode literal => literal.Value?.DeepClone(),
        ValueNode value => Typed(Evaluator.Evaluate(value.Expression, scope, substitute: true)),
        TextNode text => JsonValue.Create(Concatenate(text, scope)),
        ArrayNode array => ExpandArray(array.Items, scope),
        ObjectNode obj => ExpandObject(obj, scope),
        _ => throw new ExpressionException("unknown template node"),
    };

    private static object? Typed(object? value) => value is Undefined ? value : JsValues.ToNode(value);

    private static string Concatenate(TextNode node, Scope scope)
    {
        var text = new StringBuilder();
        foreach (var part in node.Parts)
        {
            if (part.Expression is null)
            {
                text.Append(part.Text);
                continue;
            }

            object? value;
            try
            {
                value = Evaluator.Evaluate(part.Expression, scope, substitute: true);
            }
            catch (ExpressionException)
            {
                // The JS library writes a failing expression back as "${expression}".
                value = "${" + part.Expression + "}";
            }

            text.Append(JsText.ToText(value));
        }

        return text.ToString();
    }

    private static JsonArray ExpandArray(IEnumerable<TemplateNode> items, Scope scope)
    {
        var result = new JsonArray();
        foreach (var item in items)
        {
            switch (Expand(item, scope))
            {
                case null:
                    break;
                case JsonArray spliced:
                    foreach (var element in spliced.ToList())
                    {
                        spliced.Remove(element);
                        result.Add(element);
                    }

                    break;
                case JsonNode node:
                    result.Add(node);
                    break;
                default:
                    result.Add(null);
                    break;
            }
        }

        return result;
    }

    private static JsonNode? ExpandObject(ObjectNode node, Scope scope)
    {
        var contexts = node.Data is null ? Undefined.Value : Evaluator.Evaluate(node.Data, scope, substitute: true);
        var results = new JsonArray();
        if (contexts is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                AddUnlessDropped(node, scope with { Data = JsValues.FromNode(array[i]), Index = (double)i }, results);
            }
        }
        else
        {
            AddUnlessDropped(node, contexts is Undefined ? scope : scope with { Data = contexts }, results);
        }

        return results.Count switch
        {
            0 => null,
            1 => Detach(results, 0),
            _ => results,
        };
    }

    private static void AddUnlessDropped(ObjectNode node, Scope scope, JsonArray results)
    {
        // $when must evaluate (without substitution) to exactly true; anything else, errors included, drops the object.
        if (node.When is not null && !(Evaluator.TryEvaluate(node.When, scope, out var when) && when is true))
        {
            return;
        }

        var obj = new JsonObject();
        foreach (var (key, value) in node.Properties)
        {
            var expanded = Expand(value, scope);
            if (expanded is not Undefined)
            {
                obj[key] = (JsonNode?)expanded;
            }
        }

        results.Add(obj);
    }

    private static JsonNode? Detach(JsonArray array, int index)
    {
        var node = array[index];
        array.RemoveAt(index);
        return node;
    }
}
