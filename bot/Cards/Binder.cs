using System.Text;
using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>
/// Binds a prepared template to data by walking the tree, with the JS templating library's rules but one: an expression
/// whose value is missing (or that fails) never shows as <c>${…}</c>. The element that needed it (the nearest object in an
/// array: a text block, a fact, an action, a mention entity; at the card's top level, the property) is left out, and the
/// expression is reported. Values are never parsed again.
/// </summary>
internal static class Binder
{
    /// <summary>Binds a whole template. The result is <see cref="Undefined"/>, null, or a new node; <paramref name="data"/> is only read.</summary>
    /// <param name="template">The prepared template.</param>
    /// <param name="data">The data to bind.</param>
    /// <param name="unbound">Gets the text of each template expression that had no value (template text, never data).</param>
    public static object? Bind(TemplateNode template, JsonNode? data, ICollection<string> unbound)
    {
        var binding = new Binding(unbound);
        var scope = Scope.ForRoot(JsValues.FromNode(data));
        return template is ObjectNode root ? binding.ExpandRoot(root, scope) : binding.Expand(template, scope) switch
        {
            Broken => null,
            var value => value,
        };
    }

    /// <summary>Stands for an element that cannot be shown because a value it needs is missing.</summary>
    private sealed class Broken
    {
        public static readonly Broken Value = new();
    }

    private sealed class Binding(ICollection<string> unbound)
    {
        public object? Expand(TemplateNode node, Scope scope) => node switch
        {
            LiteralNode literal => literal.Value?.DeepClone(),
            ValueNode value => Typed(Evaluate(value.Expression, scope)),
            TextNode text => Concatenate(text, scope),
            ArrayNode array => ExpandArray(array.Items, scope),
            ObjectNode obj => ExpandObject(obj, scope),
            _ => throw new ExpressionException("unknown template node"),
        };

        /// <summary>The card itself is never left out: a top-level property that cannot be bound is.</summary>
        public object? ExpandRoot(ObjectNode node, Scope scope)
        {
            if (node.Data is not null || node.When is not null)
            {
                var whole = ExpandObject(node, scope);
                return whole is Broken ? null : whole;
            }

            var obj = new JsonObject();
            foreach (var (key, value) in node.Properties)
            {
                if (Expand(value, scope) is not (Undefined or Broken) and var expanded)
                {
                    obj[key] = (JsonNode?)expanded;
                }
            }

            return obj;
        }

        private object? Evaluate(Expr expression, Scope scope)
        {
            try
            {
                return Evaluator.Evaluate(expression, scope, required: true);
            }
            catch (ExpressionException)
            {
                unbound.Add(expression.ToString()!);
                return Broken.Value;
            }
        }

        private static object? Typed(object? value) => value is Undefined or Broken ? value : JsValues.ToNode(value);

        private object Concatenate(TextNode node, Scope scope)
        {
            var text = new StringBuilder();
            foreach (var part in node.Parts)
            {
                if (part.Expression is null)
                {
                    text.Append(part.Text);
                    continue;
                }

                var value = Evaluate(part.Expression, scope);
                if (value is Broken)
                {
                    return value;
                }

                try
                {
                    text.Append(JsText.ToText(value));
                }
                catch (ExpressionException)
                {
                    // A null written into text: the JS library writes "${expression}" there.
                    unbound.Add(part.Expression.ToString()!);
                    return Broken.Value;
                }
            }

            return JsonValue.Create(text.ToString());
        }

        private JsonArray ExpandArray(IEnumerable<TemplateNode> items, Scope scope)
        {
            var result = new JsonArray();
            foreach (var item in items)
            {
                switch (Expand(item, scope))
                {
                    case null or Broken:
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

        private object? ExpandObject(ObjectNode node, Scope scope)
        {
            var contexts = node.Data is null ? Undefined.Value : Evaluate(node.Data, scope);
            if (contexts is Broken)
            {
                return contexts;
            }

            var results = new JsonArray();
            if (contexts is JsonArray array)
            {
                // Each repeated element stands alone: one that cannot be bound is left out, the others stay.
                for (var i = 0; i < array.Count; i++)
                {
                    if (Instance(node, scope with { Data = JsValues.FromNode(array[i]), Index = (double)i }) is JsonObject obj)
                    {
                        results.Add(obj);
                    }
                }
            }
            else
            {
                switch (Instance(node, contexts is Undefined ? scope : scope with { Data = contexts }))
                {
                    case Broken broken:
                        return broken;
                    case JsonObject obj:
                        results.Add(obj);
                        break;
                }
            }

            return results.Count switch
            {
                0 => null,
                1 => Detach(results, 0),
                _ => results,
            };
        }

        /// <summary>The object bound in one scope: null when <c>$when</c> drops it, <see cref="Broken"/> when a value it needs is missing.</summary>
        private object? Instance(ObjectNode node, Scope scope)
        {
            // $when must evaluate (without requiring values) to exactly true; anything else, a missing value or an error included, drops the object.
            if (node.When is not null && !(Evaluator.TryEvaluate(node.When, scope, out var when) && when is true))
            {
                return null;
            }

            var obj = new JsonObject();
            foreach (var (key, value) in node.Properties)
            {
                switch (Expand(value, scope))
                {
                    case Broken broken:
                        return broken;
                    case Undefined:
                        break;
                    case var expanded:
                        obj[key] = (JsonNode?)expanded;
                        break;
                }
            }

            return obj;
        }

        private static JsonNode? Detach(JsonArray array, int index)
        {
            var node = array[index];
            array.RemoveAt(index);
            return node;
        }
    }
}
