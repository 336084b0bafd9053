using System.Net;
using CxBot.Http;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace CxBot.Graph;

/// <summary>Retries Graph throttling and outages (429, 503, 504, no answer) with exponential back-off and jitter, honouring <c>Retry-After</c>.</summary>
internal sealed class GraphRetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public GraphRetryHandler(IOptions<GraphOptions> options, TimeProvider time, ILogger<GraphRetryHandler> logger)
    {
        var settings = options.Value;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, settings.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterHeader.Read(args.Outcome.Result)),
                OnRetry = args =>
                {
                    Log.GraphRetry(logger, args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode ?? 0, args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.AddTimeout(settings.AttemptTimeout).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(static async (state, ct) => await state.Self.BaseSend(state.Request, ct), (Self: this, Request: request), cancellationToken);

    private Task<HttpResponseMessage> BaseSend(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } r =>
            RetryAfterHeader.Read(r.Result) is not { } wait || wait <= maxRetryAfter,
        _ => false,
    };
}
