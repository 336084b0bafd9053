using System.Net;

namespace CxBot.Tests;

/// <summary>An in-memory HTTP handler that records requests and answers from a script (200 by default).</summary>
internal sealed class CaptureHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();

    public List<HttpRequestMessage> Requests { get; } = [];

    public List<string> Bodies { get; } = [];

    public CaptureHandler Then(HttpStatusCode status, string body = "")
    {
        _script.Enqueue(_ => new HttpResponseMessage(status) { Content = new StringContent(body) });
        return this;
    }

    public CaptureHandler Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Func<HttpRequestMessage, HttpResponseMessage>? answer;
        lock (Bodies)
        {
            Bodies.Add(body);
            _script.TryDequeue(out answer);
        }

        return answer?.Invoke(request) ?? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("") };
    }
}
