using CxBot.Hosting;

namespace CxBot.Tests.Hosting;

/// <summary><c>--help</c> on CxBot and every command: what an IT admin reads before running one, on standard output, exit 0.</summary>
public sealed class CommandHelpTests
{
    public static TheoryData<string, string, string> Commands => new()
    {
        { "", "CxBot [command] [options]", "CxBot's commands for an IT admin." },
        { "setup", "CxBot setup [command] [options]", "Move a tenant's whole setup" },
        { "setup export", "CxBot setup export <FILE> [options]", "Write the tenant's setup to FILE" },
        { "setup import", "CxBot setup import <FILE> [options]", "Check FILE completely, then replace the tenant's setup with it" },
        { "scorecard", "CxBot scorecard [command] [options]", "Check, rebuild or export a week of the weekly scorecards' figures" },
        { "scorecard verify", "CxBot scorecard verify [options]", "Compare the week's stored rollups with a recomputation from the records." },
        { "scorecard rebuild", "CxBot scorecard rebuild [options]", "Roll the week up again from the records" },
        { "scorecard export", "CxBot scorecard export [options]", "write its figures as CSV" },
        { "manifest", "CxBot manifest [command] [options]", "The Teams app package" },
        { "manifest package", "CxBot manifest package [options]", "Build the Teams app package" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_EveryCommand_PrintsItsDescriptionUsageAndOptionsExitZero(string command, string usage, string description)
    {
        foreach (var help in new[] { "--help", "-h", "-?" })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exit = await CommandLine.RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), help], output, error, default);

            var text = output.ToString().ReplaceLineEndings("\n");
            Assert.True(exit == 0, error.ToString());
            Assert.Equal("", error.ToString());
            Assert.StartsWith("Description:\n  ", text, StringComparison.Ordinal);
            Assert.Contains(description, text, StringComparison.Ordinal);
            Assert.Contains($"Usage:\n  {usage}\n", text, StringComparison.Ordinal);
            Assert.Contains("-?, -h, --help", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Required", text.Replace("(REQUIRED)", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("setup export", "--tenant <TENANT-ID> (REQUIRED)", "<FILE>", "setup export contoso.json --tenant")]
    [InlineData("setup import", "--tenant <TENANT-ID> (REQUIRED)", "as written by `setup export`", "setup import contoso.json --tenant")]
    [InlineData("scorecard verify", "--week <YYYY-Www> (REQUIRED)", "2026-W47 (the week that starts on Monday 16 November 2026)", "scorecard verify --tenant")]
    [InlineData("scorecard rebuild", "--tenant <TENANT-ID> (REQUIRED)", "--week <YYYY-Www> (REQUIRED)", "scorecard rebuild --tenant")]
    [InlineData("scorecard export", "--out <FILE>", "Default: scorecard-WEEK.csv", "scorecard export --tenant")]
    [InlineData("manifest package", "--out <PATH>", "[default: build/CxBot.zip]", "manifest package --app-id")]
    [InlineData("manifest package", "--proactive-install <true|false>", "--version <X.Y.Z>", "--domain cxbot-prod.azurewebsites.net")]
    public async Task Help_Subcommand_ListsItsOptionsAndAnExampleToType(string command, string option, string detail, string example)
    {
        using var output = new StringWriter();

        Assert.Equal(0, await CommandLine.RunAsync([.. command.Split(' '), "--help"], output, output, default));

        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Contains(option, text, StringComparison.Ordinal);
        Assert.Contains(detail, text, StringComparison.Ordinal);
        Assert.Contains("Examples:\n  dotnet run --project bot -- ", text, StringComparison.Ordinal);
        Assert.Contains(example, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsTheThreeCommandsTheExitCodesAndHowToRun()
    {
        using var output = new StringWriter();

        Assert.Equal(0, await CommandLine.RunAsync(["--help"], output, output, default));

        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Contains("\n  setup ", text, StringComparison.Ordinal);
        Assert.Contains("\n  scorecard ", text, StringComparison.Ordinal);
        Assert.Contains("\n  manifest ", text, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 done, 1 refused or differences found, 2 a usage, configuration or storage problem, 130 cancelled (Ctrl-C).", text, StringComparison.Ordinal);
        Assert.Contains("`dotnet run --project bot -- COMMAND`", text, StringComparison.Ordinal);
        Assert.Contains("with no command, CxBot starts the bot", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unrecognized command or argument 'setpu'.", "CxBot [command] [options]", "setpu", "import", "x.json")]
    [InlineData("Unrecognized command or argument 'verfy'.", "CxBot scorecard [command] [options]", "scorecard", "verfy", "--tenant", "t", "--week", "2026-W47")]
    [InlineData("Unrecognized command or argument '--weeks'.", "CxBot scorecard verify [options]", "scorecard", "verify", "--tenant", "t", "--weeks", "2026-W47")]
    [InlineData("--week must be an ISO week such as 2026-W47, not '2026-W99'.", "CxBot scorecard rebuild [options]", "scorecard", "rebuild", "--tenant", "t", "--week", "2026-W99")]
    [InlineData("Option '--week' is required.", "CxBot scorecard export [options]", "scorecard", "export", "--tenant", "t")]
    [InlineData("Required command was not provided.", "CxBot manifest [command] [options]", "manifest")]
    [InlineData("Unrecognized command or argument 'x.json'.", "CxBot setup import <FILE> [options]", "setup", "import", "a.json", "x.json", "--tenant", "t")]
    public async Task Run_UnknownCommandOrBadOption_ExitTwoTheProblemFirstThenUsageNothingOnOutput(string problem, string usage, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(args, output, error, default);

        var text = error.ToString().ReplaceLineEndings("\n");
        Assert.Equal(2, exit);
        Assert.Equal(problem, text.Split('\n')[0]);
        Assert.DoesNotContain("Required command was not provided.", text.Split("\n\n")[0].Replace(problem, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"Usage:\n  {usage}\n", text, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }
}
