using System.Text.Json.Nodes;

namespace CxBot.Cards;

/// <summary>A template prepared once at start-up: JSON with its <c>${…}</c> strings parsed, ready to bind many times.</summary>
internal abstract record TemplateNode;

/// <summary>JSON with no expressions in it, copied as is.</summary>
internal sealed record LiteralNode(JsonNode? Value) : TemplateNode;

/// <summary>A string that is exactly one <c>${…}</c>: it keeps the value's type.</summary>
internal sealed record ValueNode(Expr Expression) : TemplateNode;

/// <summary>A string mixing text and expressions: it becomes text.</summary>
internal sealed record TextNode(IReadOnlyList<TextPart> Parts) : TemplateNode;

/// <summary>Literal text, or an expression written into the text.</summary>
internal sealed record TextPart(string? Text, Expr? Expression);

/// <summary>An array; its items' results are spliced in, and null items are dropped.</summary>
internal sealed record ArrayNode(IReadOnlyList<TemplateNode> Items) : TemplateNode;

/// <summary>An object, possibly repeated over <c>$data</c> and dropped by <c>$when</c>.</summary>
internal sealed record ObjectNode(IReadOnlyList<KeyValuePair<string, TemplateNode>> Properties, Expr? Data, Expr? When) : TemplateNode;
