using System.Text;
using Azure;
using CxBot.Storage;

namespace CxBot.Tests.Storage;

public sealed class TableBatchTests
{
    private const string Endpoint = "http://127.0.0.1:10002/devstoreaccount1";

    [Fact]
    public void Encode_MixedActions_WritesOneChangesetWithEachRequest()
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity("p", "a") { ["N"] = 1 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "b") { ["N"] = 2 }, new ETag("W/\"datetime'x'\"")),
            new(TableTransactionActionType.Delete, new TableEntity("p", "c'q"), ETag.All),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "d")),
        };

        var encoded = TableBatch.Encode(Endpoint, "t1", actions);
        var body = Encoding.UTF8.GetString(encoded.Body);

        Assert.StartsWith("--" + encoded.Boundary + "\r\nContent-Type: multipart/mixed; boundary=changeset_", body, StringComparison.Ordinal);
        Assert.EndsWith("--" + encoded.Boundary + "--\r\n", body, StringComparison.Ordinal);
        Assert.Contains("POST " + Endpoint + "/t1 HTTP/1.1", body, StringComparison.Ordinal);
        Assert.Contains("MERGE " + Endpoint + "/t1(PartitionKey='p',RowKey='b') HTTP/1.1", body, StringComparison.Ordinal);
        Assert.Contains("If-Match: W/\"datetime'x'\"", body, StringComparison.Ordinal);
        Assert.Contains("DELETE " + Endpoint + "/t1(PartitionKey='p',RowKey='c%27%27q') HTTP/1.1", body, StringComparison.Ordinal);
        Assert.Contains("If-Match: *", body, StringComparison.Ordinal);
        Assert.Contains("PUT " + Endpoint + "/t1(PartitionKey='p',RowKey='d') HTTP/1.1", body, StringComparison.Ordinal);
        Assert.Equal(4, CountOf(body, "Content-Type: application/http"));
        Assert.Contains("Content-ID: 4", body, StringComparison.Ordinal);
        Assert.Contains("{\"PartitionKey\":\"p\",\"RowKey\":\"a\",\"N\":1}", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_RuleBreaks_ThrowBeforeSending()
    {
        var many = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "r" + i))).ToList();
        Assert.Contains("100", Assert.Throws<ArgumentException>(() => TableBatch.Encode(Endpoint, "t1", many)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TableBatch.Encode(Endpoint, "t1", []));

        var twoPartitions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, new TableEntity("p", "a")), new(TableTransactionActionType.Add, new TableEntity("q", "b")) };
        Assert.Contains("partition", Assert.Throws<ArgumentException>(() => TableBatch.Encode(Endpoint, "t1", twoPartitions)).Message, StringComparison.Ordinal);

        var sameRow = new List<TableTransactionAction> { new(TableTransactionActionType.Add, new TableEntity("p", "a")), new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "a")) };
        Assert.Throws<ArgumentException>(() => TableBatch.Encode(Endpoint, "t1", sameRow));

        var noETag = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "a")) };
        Assert.Contains("ETag", Assert.Throws<ArgumentException>(() => TableBatch.Encode(Endpoint, "t1", noETag)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_OverFourMiB_Throws()
    {
        var big = new string('x', 30_000);
        var actions = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "r" + i) { ["A"] = big, ["B"] = big }))
            .ToList();

        Assert.Contains("bytes", Assert.Throws<ArgumentException>(() => TableBatch.Encode(Endpoint, "t1", actions)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeResponse_Success_ReturnsETagsInOrder()
    {
        var body = Response(
            Part("204 No Content", "ETag: W/\"datetime'1'\""),
            Part("204 No Content", "ETag: W/\"datetime'2'\""));

        var etags = TableBatch.DecodeResponse("multipart/mixed; boundary=batchresponse_1", body, 2);

        Assert.Equal(["W/\"datetime'1'\"", "W/\"datetime'2'\""], etags.Select(e => e.ToString()));
    }

    [Fact]
    public void DecodeResponse_ServiceFailure_ReportsIndexFromMessage()
    {
        // The shape the Table service documents: one part, the failing index as the message prefix.
        var body = Response(Part(
            "409 Conflict",
            "Content-ID: 57\r\nContent-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8",
            "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"56:The specified entity already exists.\\nRequestId:1\"}}}"));

        var ex = Assert.Throws<TableTransactionFailedException>(() => TableBatch.DecodeResponse("multipart/mixed", body, 100));

        Assert.Equal(56, ex.FailedActionIndex);
        Assert.Equal(409, ex.Status);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
    }

    [Fact]
    public void DecodeResponse_FailureWithoutIndexInMessage_UsesContentId()
    {
        var body = Response(Part("400 Bad Request", "Content-ID: 3", "{\"odata.error\":{\"code\":\"InvalidInput\",\"message\":{\"value\":\"Bad value.\"}}}"));

        var ex = Assert.Throws<TableTransactionFailedException>(() => TableBatch.DecodeResponse("multipart/mixed", body, 5));

        Assert.Equal(2, ex.FailedActionIndex);
    }

    [Fact]
    public void DecodeResponse_WrongCount_Throws()
    {
        var body = Response(Part("204 No Content", "ETag: W/\"1\""));

        Assert.Throws<TableStorageException>(() => TableBatch.DecodeResponse("multipart/mixed", body, 3));
    }

    private static string Part(string status, string headers, string body = "") =>
        "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
        $"HTTP/1.1 {status}\r\n{headers}\r\n\r\n{body}\r\n";

    private static string Response(params string[] parts) =>
        "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
        string.Concat(parts) + "--changesetresponse_2--\r\n--batchresponse_1--\r\n";

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
