using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests.Testing;

public sealed class VisibleTextTests
{
    [Fact]
    public void Of_ButtonAnsweredWithAMessage_ReadsTheMessage()
    {
        // The invoke answer as the Agents Playground relays it when a button's answer is a message, not a card.
        var answer = JsonNode.Parse("""{"type":"application/vnd.microsoft.activity.message","value":"Thanks! Your shout-out is on its way."}""");

        Assert.Equal(["Thanks! Your shout-out is on its way."], VisibleText.Of(answer));
    }

    [Fact]
    public void Problems_ButtonAnsweredWithAnId_FlagsIt()
    {
        var answer = JsonNode.Parse("""{"type":"application/vnd.microsoft.activity.message","value":"Sent to 2d7b9e14-0c6a-4f3d-8e25-b1a4c7d9f306."}""");

        Assert.Single(VisibleText.Problems(answer));
    }

    [Theory]
    [InlineData("Thank someone", 1)]
    [InlineData("Resolved by someone", 1)]
    [InlineData("Thank a colleague", 0)]
    [InlineData("Type a name to add someone", 0)]
    public void ProblemsIn_Someone_FlaggedUnlessAHintsGenericObject(string text, int problems)
    {
        Assert.Equal(problems, VisibleText.ProblemsIn(text).Count());
    }

    [Fact]
    public void Of_CardAnswerAndStreamEvent_ReadsTextAndTypedValuesNotDataOrChoiceValues()
    {
        var answer = JsonNode.Parse("""
            {"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{"type":"AdaptiveCard","version":"1.5","body":[
              {"type":"TextBlock","text":"Set up Store 42"},
              {"type":"Input.Text","id":"timeZone","label":"Time zone","value":"Europe/London"},
              {"type":"Input.ChoiceSet","id":"managers","label":"Managers","value":"2d7b9e14-0c6a-4f3d-8e25-b1a4c7d9f306","choices":[{"title":"Megan Bowen","value":"2d7b9e14-0c6a-4f3d-8e25-b1a4c7d9f306"}]}],
              "actions":[{"type":"Action.Execute","title":"Save","verb":"setup.team.save","data":{"teamId":"19:abc@thread.tacv2"}}]}}
            """);
        var streamed = JsonNode.Parse("""{"action":"createMessage","actionConversationId":"personal-chat-adele","message":{"messageId":"1","from":{"id":"28:3c9e5a71-4b2d-4e8f-a6c1-7d0b9e2f5a18"},"text":"Your incident INC-2026-000001 is now acknowledged."}}""");

        Assert.Equal(["Set up Store 42", "Time zone", "Europe/London", "Managers", "Megan Bowen", "Save"], VisibleText.Of(answer));
        Assert.Equal(["Your incident INC-2026-000001 is now acknowledged."], VisibleText.Of(streamed));
        Assert.Empty(VisibleText.Problems(answer));
        Assert.Empty(VisibleText.Problems(streamed));
    }
}
