using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests.Features.Setup;

/// <summary>What a person reads on a setup card, through the shared <see cref="VisibleText"/>, as one string.</summary>
internal static class ShownText
{
    public static string Of(JsonNode card) => string.Join("\n", VisibleText.Of(card));

    /// <summary>Fails when the card shows an id, "someone", "A colleague", a lazy "(s)" or an unbound <c>${…}</c>.</summary>
    /// <param name="unnamedExpected">True where a person CxBot cannot name is the point of the test (shown as "not known to CxBot yet").</param>
    public static void AssertReadable(string shown, bool unnamedExpected = false)
    {
        var problems = shown.Split('\n').SelectMany(VisibleText.ProblemsIn)
            .Where(p => !unnamedExpected || !p.StartsWith("a person without a name", StringComparison.Ordinal)).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
