using System.IO.Compression;
using CxBot.Hosting;

namespace CxBot.Tests.Features.AppPackage;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly StringWriter _output = new(), _error = new();

    public void Dispose()
    {
        _folder.Dispose();
        _output.Dispose();
        _error.Dispose();
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:5000")]
    [InlineData("/urls", "http://127.0.0.1:5000")]
    [InlineData("urls=http://127.0.0.1:5000")]
    public async Task RunAsync_NoCommandOnlySettings_NullSoTheBotStarts(params string[] args)
    {
        Assert.Null(await Run(args));
    }

    [Fact]
    public async Task RunAsync_PackageBeforeManifest_ExitTwoNamingTheUnknownWordNotTheBot()
    {
        var exit = await Run(["package", "manifest"]);

        Assert.Equal(2, exit);
        Assert.StartsWith("Unrecognized command or argument 'package'.", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage:\n  CxBot manifest [command] [options]", _error.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public async Task RunAsync_PackageWithEveryValue_WritesTheZipAndExitsZero()
    {
        var path = _folder.File("CxBot.zip");

        var exit = await Run(["manifest", "package", "--out", path, .. AllValues()]);

        Assert.True(exit == 0, _error.ToString());
        Assert.Contains($"Wrote {path}", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Valid:", _output.ToString(), StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(3, zip.Entries.Count);
    }

    [Fact]
    public async Task RunAsync_MissingAndBadValues_ExitTwoNamingEachKey()
    {
        var exit = await Run(["manifest", "package", "--out", _folder.File("x.zip"), "--domain", "https://cxbot.example/", "--version", "1.0"]);

        Assert.Equal(2, exit);
        var error = _error.ToString();
        Assert.Contains("Teams:AppId (--app-id) is required", error, StringComparison.Ordinal);
        Assert.Contains("Bot:AppId (--bot-id)", error, StringComparison.Ordinal);
        Assert.Contains("Teams:Domain (--domain) must be a host name", error, StringComparison.Ordinal);
        Assert.Contains("Teams:AppVersion (--version)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("x.zip")));
    }

    [Fact]
    public async Task RunAsync_HttpPrivacyUrl_Refused()
    {
        var exit = await Run(["manifest", "package", "--out", _folder.File("x.zip"), .. AllValues(), "--privacy-url", "http://contoso.example/privacy"]);

        Assert.Equal(2, exit);
        Assert.Contains("Teams:PrivacyUrl (--privacy-url) must be an absolute https URL", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--colour'.", "--colour", "red")]
    [InlineData("Required argument missing for option: '--app-id'.", "--app-id")]
    public async Task RunAsync_UnknownOptionOrMissingValue_ExitTwoWithTheProblemAndUsage(string problem, params string[] extra)
    {
        var exit = await Run(["manifest", "package", .. extra]);

        Assert.Equal(2, exit);
        Assert.StartsWith(problem, _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage:\n  CxBot manifest package [options]", _error.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProactiveInstallNotABoolean_ExitTwo()
    {
        var exit = await Run(["manifest", "package", "--out", _folder.File("x.zip"), .. AllValues(), "--proactive-install", "sometimes"]);

        Assert.Equal(2, exit);
        Assert.Contains("ProactiveInstall", _error.ToString(), StringComparison.Ordinal);
    }

    private static string[] AllValues() =>
    [
        "--app-id", "3f2a9c1e-7b4d-4e8a-9c2f-1d5e6b7a8c90", "--bot-id", "0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d",
        "--domain", "cxbot-test.azurewebsites.net", "--version", "2.0.1", "--developer-name", "Contoso Retail",
        "--website-url", "https://contoso.example/cxbot", "--privacy-url", "https://contoso.example/privacy", "--terms-url", "https://contoso.example/terms",
    ];

    private Task<int?> Run(string[] args) => CommandLine.RunAsync(args, _output, _error, CancellationToken.None);
}
