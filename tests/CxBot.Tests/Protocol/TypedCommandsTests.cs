using CxBot.Protocol.Routing;

namespace CxBot.Tests.Protocol;

/// <summary>The forgiving reading of typed text, on its own: what it takes for a command, what it only suggests, and what it leaves alone.</summary>
public sealed class TypedCommandsTests
{
    private static readonly TypedCommands Commands = new(
    [
        ("log incident", "log incident"), ("incident", "log incident"), ("my incidents", "my incidents"), ("team ideas", "team ideas"),
        ("idea", "idea"), ("recognise", "recognise"), ("my check-ins", "my check-ins"), ("check-ins", null), ("scorecard", "scorecard"),
        ("help", "help"), ("hi", null), ("hello", null), ("thanks", null), ("thank you", null),
    ]);

    [Theory]
    [InlineData("Log Incident!", "log incident", "")]
    [InlineData("log an incident please", "log incident", "")]
    [InlineData("can I log an incident", "log incident", "")]
    [InlineData("please show the scorecard", "scorecard", "")]
    [InlineData("my incident", "my incidents", "")]
    [InlineData("MY INCIDENTS???", "my incidents", "")]
    [InlineData("recognize", "recognise", "")]
    [InlineData("my checkins", "my check-ins", "")]
    [InlineData("my check ins", "my check-ins", "")]
    [InlineData("check-ins", "check-ins", "")]
    [InlineData("idea: free coffee for regulars", "idea", "free coffee for regulars")]
    [InlineData("team ideas, accepted", "team ideas", "accepted")]
    [InlineData("hey, log an incident", "log incident", "")]
    [InlineData("hi there", "hi", "there")]
    [InlineData("Thank you!", "thank you", "")]
    [InlineData("Help!", "help", "")]
    [InlineData("&nbsp;my&nbsp;incidents", "my incidents", "")]
    public void Match_ForgivingForms_TheCommandAndWhatFollowed(string typed, string command, string rest)
    {
        var match = Commands.Match(typed);

        Assert.Equal(TypedMatchKind.Command, match.Kind);
        Assert.Equal(command, match.Command);
        Assert.Equal(rest, match.Rest);
    }

    [Theory]
    [InlineData("incidnet", "log incident")]
    [InlineData("log incidnet", "log incident")]
    [InlineData("scorecrd", "scorecard")]
    [InlineData("recgonise", "recognise")]
    [InlineData("my incidnets", "my incidents")]
    public void Match_SmallTypo_SuggestedNotRun(string typed, string suggested)
    {
        var match = Commands.Match(typed);

        Assert.Equal(TypedMatchKind.Suggestion, match.Kind);
        Assert.Equal(suggested, match.Command);
    }

    [Theory]
    [InlineData("helpdesk")]
    [InlineData("👍")]
    [InlineData("مرحبا، كيف حالك؟")]
    [InlineData("你好，我想报告一个问题")]
    [InlineData("Привет, как дела?")]
    [InlineData("hlo")]
    [InlineData("the weather is nice")]
    public void Match_NothingLikeACommand_None(string typed) => Assert.Equal(TypedMatchKind.None, Commands.Match(typed).Kind);

    [Theory]
    [InlineData('a', 28_000)]
    [InlineData('-', 28_000)]
    public void Read_TextAtTheMessageCap_OnlyTheFirstWordsAreRead(char fill, int length)
    {
        var words = string.Join(' ', Enumerable.Repeat(new string(fill, 3), length / 4));

        Assert.InRange(TypedText.Read(words).Words.Count, 0, TypedText.MaxWords);
        Assert.Equal(TypedMatchKind.None, Commands.Match(new string(fill, length)).Kind);
    }

    [Theory]
    [InlineData("incidnet ", "log incident")]
    [InlineData("please ", null)]
    [InlineData("日本語のテキスト ", null)]
    public void Match_RepeatedToTheMessageCap_SameAnswerAsOnce(string word, string? suggested)
    {
        var match = Commands.Match(string.Concat(Enumerable.Repeat(word, 28_000 / word.Length)));

        Assert.Equal(suggested, match.Kind == TypedMatchKind.Suggestion ? match.Command : null);
    }

    [Theory]
    [InlineData("please", true)]
    [InlineData(" now, thanks!", true)]
    [InlineData("free coffee", false)]
    [InlineData("", true)]
    public void IsOnlyWrappers_PoliteWordsAreNoArgument(string rest, bool expected) => Assert.Equal(expected, TypedCommands.IsOnlyWrappers(rest));
}
