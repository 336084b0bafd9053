using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Storage;

public sealed class SharedKeyLiteHandlerTests
{
    private static readonly byte[] DevKey = Convert.FromBase64String(TableConnection.DevelopmentAccountKey);

    [Fact]
    public void StringToSign_AzuritePathStyle_RepeatsAccountInResource()
    {
        var uri = new Uri("http://127.0.0.1:10002/devstoreaccount1/mytable(PartitionKey='a',RowKey='b')");

        var text = SharedKeyLiteHandler.StringToSign("Sun, 22 Nov 2026 11:00:00 GMT", "devstoreaccount1", uri);

        Assert.Equal("Sun, 22 Nov 2026 11:00:00 GMT\n/devstoreaccount1/devstoreaccount1/mytable(PartitionKey='a',RowKey='b')", text);
    }

    [Fact]
    public void StringToSign_CompParameter_IsKeptOtherParametersDropped()
    {
        var uri = new Uri("https://myaccount.table.core.windows.net/?restype=service&comp=properties&timeout=5");

        var text = SharedKeyLiteHandler.StringToSign("Sun, 22 Nov 2026 11:00:00 GMT", "myaccount", uri);

        Assert.Equal("Sun, 22 Nov 2026 11:00:00 GMT\n/myaccount/?comp=properties", text);
    }

    [Fact]
    public void StringToSign_QueryWithoutComp_UsesPathOnly()
    {
        var uri = new Uri("http://127.0.0.1:10002/devstoreaccount1/t1()?$filter=PartitionKey%20eq%20'x'&$top=5");

        var text = SharedKeyLiteHandler.StringToSign("d", "devstoreaccount1", uri);

        Assert.Equal("d\n/devstoreaccount1/devstoreaccount1/t1()", text);
    }

    [Theory]
    // Expected values computed independently with: printf '<string>' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary | base64
    [InlineData("Sun, 22 Nov 2026 11:00:00 GMT\n/devstoreaccount1/devstoreaccount1/mytable(PartitionKey='a',RowKey='b')", "czCaGhr9zMfsl5W5jIsQ4kWPM9T7Il+QTGKr9pW6uEE=")]
    [InlineData("Sun, 22 Nov 2026 11:00:00 GMT\n/myaccount/?comp=properties", "Odt8xPZ2yK5PLe7pz0hNVhcM3Gage/PvVR40XZ/I/+I=")]
    public void Sign_KnownVector_MatchesOpenSsl(string stringToSign, string expected)
    {
        Assert.Equal(expected, SharedKeyLiteHandler.Sign(stringToSign, DevKey));
    }

    [Fact]
    public async Task SendAsync_SetsDateAndAuthorizationHeaders()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero));
        var capture = new CaptureHandler();
        using var client = new HttpClient(new SharedKeyLiteHandler("devstoreaccount1", DevKey, time) { InnerHandler = capture });

        await client.GetAsync(new Uri("http://127.0.0.1:10002/devstoreaccount1/mytable(PartitionKey='a',RowKey='b')"));

        var request = capture.Requests.Single();
        Assert.Equal("Sun, 22 Nov 2026 11:00:00 GMT", request.Headers.GetValues("x-ms-date").Single());
        Assert.Equal("SharedKeyLite devstoreaccount1:czCaGhr9zMfsl5W5jIsQ4kWPM9T7Il+QTGKr9pW6uEE=", request.Headers.GetValues("Authorization").Single());
    }

}
