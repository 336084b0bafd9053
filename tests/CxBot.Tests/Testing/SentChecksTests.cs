using CxBot.Testing;

namespace CxBot.Tests.Testing;

/// <summary>The shared check on what a test app sent: leftover template expressions, cards bound with missing values, proactive messages without a notification line.</summary>
public sealed class SentChecksTests
{
    private const string Activities = "/connector/v3/conversations/a:1/activities";

    [Fact]
    public void Problems_ReplyWithoutSummary_Fine()
    {
        var reply = Post(Activities, """{"type":"message","replyToId":"1:abc","text":"Hi"}""");

        Assert.Empty(SentChecks.Problems([reply], [], [], []));
    }

    [Fact]
    public void Problems_ProactiveMessageOrChannelThreadWithoutSummary_Named()
    {
        var proactive = Post(Activities, """{"type":"message","text":"Your incident is resolved."}""");
        var thread = Post("/connector/v3/conversations", """{"isGroup":true,"activity":{"type":"message","attachments":[]}}""");
        var typing = Post(Activities, """{"type":"typing"}""");
        var withSummary = Post(Activities, """{"type":"message","summary":"Mona Manager acknowledged INC-1","attachments":[]}""");

        var problems = SentChecks.Problems([proactive, thread, typing, withSummary], [], [], []);

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains("without a notification line", p, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("POST /connector/v3/conversations:", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_TemplateExpressionLeftInACardOrAnInvokeAnswer_NamedUnlessThePersonTypedIt()
    {
        var card = Post(Activities, """{"type":"message","replyToId":"1","attachments":[{"content":{"body":[{"text":"Thanks, ${installer.name}"},{"text":"You wrote: ${evil}"}]}}]}""");
        var answer = """{"statusCode":200,"value":{"body":[{"text":"${teamName}"}]}}""";

        var problems = SentChecks.Problems([card], ["""{"type":"message","text":"${evil}"}"""], [answer], []);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("Thanks, ${installer.name}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("invoke answer", StringComparison.Ordinal) && p.Contains("${teamName}", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_CardBoundWithAMissingValue_Named()
    {
        var problems = SentChecks.Problems([], [], [], ["Card template welcome/team has no value for installer.name"]);

        Assert.Equal("a card was bound with a missing value: Card template welcome/team has no value for installer.name", Assert.Single(problems));
    }

    private static RecordedRequest Post(string path, string body) => new("POST", path, "", body);
}
