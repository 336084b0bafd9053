using CxBot.Protocol;
using CxBot.Protocol.Connector;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Protocol;

public sealed class ServiceUrlPolicyTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.trafficmanager.net/teams/", true)]
    [InlineData("https://europe.botframework.com/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc", true)]
    [InlineData("https://smba.infra.gov.teams.microsoft.us/gcch", true)]
    [InlineData("http://smba.trafficmanager.net/emea/", false)]
    [InlineData("https://botframework.com.evil.example/", false)]
    [InlineData("https://evilbotframework.com/", false)]
    [InlineData("https://user@smba.trafficmanager.net/", false)]
    [InlineData("https://169.254.169.254/", false)]
    [InlineData("http://127.0.0.1:56150/_connector", false)]
    [InlineData("not a url", false)]
    [InlineData("", false)]
    public void IsAllowed_Defaults_OnlyTeamsHosts(string url, bool expected) =>
        Assert.Equal(expected, Policy(appId: "app").IsAllowed(url));

    [Theory]
    [InlineData("http://127.0.0.1:56150/_connector", true)]
    [InlineData("http://localhost:56150/_connector", true)]
    [InlineData("http://10.0.0.5:56150/_connector", false)]
    public void IsAllowed_LocalMode_LoopbackToo(string url, bool expected) =>
        Assert.Equal(expected, Policy(appId: "").IsAllowed(url));

    private static ServiceUrlPolicy Policy(string appId) => new(Options.Create(new BotOptions { AppId = appId }));
}
