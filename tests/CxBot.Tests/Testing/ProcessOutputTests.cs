using CxBot.Testing;

namespace CxBot.Tests.Testing;

public sealed class ProcessOutputTests
{
    [Fact]
    public void Add_MoreLinesThanTheLimit_KeepsTheLastOnesAndSaysHowManyWereDropped()
    {
        // A server that logs each request (Azurite's access log) once grew the load rig's heap by about 3 KB per request.
        var output = new ProcessOutput(maxLines: 3);
        for (var i = 1; i <= 10; i++)
        {
            output.Add("line " + i);
        }

        Assert.Equal("(7 earlier lines not kept)\nline 8\nline 9\nline 10", output.ToString());
    }

    [Fact]
    public void Add_FewLinesAndTheEndOfAStream_KeepsThemAllWithoutANote()
    {
        var output = new ProcessOutput();
        output.Add("started");
        output.Add(null);
        output.Add("listening");

        Assert.Equal("started\nlistening", output.ToString());
    }
}
