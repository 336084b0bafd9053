using CxBot.Storage;

namespace CxBot.Tests.Storage;

public sealed class TableConnectionTests
{
    [Fact]
    public void Parse_DevelopmentStorage_IsAzuriteOnLoopback()
    {
        var connection = TableConnection.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.Endpoint);
        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.Equal(64, connection.AccountKey.Length);
    }

    [Fact]
    public void Parse_AccountString_BuildsEndpointFromSuffix()
    {
        var connection = TableConnection.Parse("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=AAAA;EndpointSuffix=core.usgovcloudapi.net");

        Assert.Equal(new Uri("https://acme.table.core.usgovcloudapi.net"), connection.Endpoint);
        Assert.Equal("acme", connection.AccountName);
        Assert.Equal(new byte[] { 0, 0, 0 }, connection.AccountKey);
    }

    [Fact]
    public void Parse_ExplicitTableEndpoint_Wins_KeysCaseInsensitive()
    {
        var connection = TableConnection.Parse("accountname=acme; accountkey=AAAA; tableendpoint=http://127.0.0.1:5555/acme/;");

        Assert.Equal(new Uri("http://127.0.0.1:5555/acme"), connection.Endpoint);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountKey=AAAA", "AccountName")]
    [InlineData("AccountName=a", "AccountKey")]
    [InlineData("AccountName=a;AccountKey=not-base64!", "base64")]
    [InlineData("AccountName=a;garbage", "name=value")]
    [InlineData("AccountName=a;AccountKey=AAAA;TableEndpoint=relative/path", "absolute")]
    [InlineData("SharedAccessSignature=sv=1", "SAS")]
    public void Parse_Bad_ThrowsClearMessage(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => TableConnection.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Error_NeverEchoesTheKey()
    {
        var ex = Assert.Throws<FormatException>(() => TableConnection.Parse("AccountName=a;AccountKey=secret!value"));

        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }
}
