using System.Text.Json.Nodes;
using CxBot.Cards;

namespace CxBot.Tests.Cards;

/// <summary>What the binder does not support is refused when templates load, not discovered when a card is sent.</summary>
public sealed class TemplateCompilerTests
{
    [Theory]
    [InlineData("${a - b}", "'-'")]
    [InlineData("${a + b}", "'+'")]
    [InlineData("${items[0]}", "must end in a name")]
    [InlineData("${$host2.x}", "unknown scope")]
    [InlineData("${formatNumber(x, 2)}", "unknown function")]
    [InlineData("${if(a, b)}", "does not take 2")]
    [InlineData("${'unclosed}", "closed")]
    [InlineData("${a} \\ ${b}", "backslashes")]
    [InlineData("line\n${a}", "line breaks")]
    [InlineData("${a.}", "expected a name")]
    [InlineData("${a[1.5].b}", "whole number")]
    [InlineData("${a b}", "unexpected 'b'")]
    [InlineData("${(a}", "expected ')'")]
    public void Compile_UnsupportedExpression_ThrowsWithReason(string text, string reason)
    {
        var template = new JsonObject { ["body"] = new JsonArray(new JsonObject { ["text"] = text }) };

        var ex = Assert.Throws<FormatException>(() => TemplateCompiler.Compile(template));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("$.body[0].text", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$data", "\"items\"")]
    [InlineData("$when", "true")]
    [InlineData("$when", "\"is ${x}\"")]
    public void Compile_DirectiveThatIsNotOneExpression_Throws(string directive, string value)
    {
        var template = JsonNode.Parse($$"""{"{{directive}}": {{value}}, "a": 1}""");

        var ex = Assert.Throws<FormatException>(() => TemplateCompiler.Compile(template));

        Assert.Contains(directive, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain text, no expressions")]
    [InlineData("costs $5 {not an expression}")]
    [InlineData("a backslash \\ is fine without expressions")]
    public void Compile_TextWithoutExpressions_StaysLiteral(string text)
    {
        var compiled = TemplateCompiler.Compile(JsonValue.Create(text));

        Assert.Equal(text, (string?)Assert.IsType<LiteralNode>(compiled).Value);
    }
}
