using System.Net;
using CxBot.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CxBot.Protocol.Connector;

/// <summary>
/// The connector client's resilience pipeline (platform.md §4), run by <c>AddResilienceHandler</c>: retries 429, 412, 502, 503, 504
/// and connection failures with exponential back-off and jitter, honouring <c>Retry-After</c>, each attempt under its own timeout.
/// Two rules of our own: a POST whose attempt timed out is not sent again, and a <c>Retry-After</c> above
/// <see cref="BotOptions.ConnectorMaxRetryAfter"/> gives up instead of waiting.
/// </summary>
internal sealed class ConnectorRetryPolicy(IOptions<BotOptions> options, TimeProvider time, ILogger<ConnectorRetryPolicy> logger)
{
    /// <summary>Adds the retry and attempt-timeout strategies, on this policy's clock.</summary>
    public void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder)
    {
        var settings = options.Value;
        builder.TimeProvider = time;
        builder
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, settings.ConnectorMaxRetries),
                Delay = settings.ConnectorRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(settings.ConnectorMaxRetries > 0 && ShouldRetry(args.Outcome, settings.ConnectorMaxRetryAfter, args.Context.GetRequestMessage()?.Method != HttpMethod.Post)),
                // Our Retry-After reader rather than ShouldRetryAfterHeader's: it measures a date from the answer's own Date header
                // (not the system clock), the same wait the cap in ShouldRetry compares.
                DelayGenerator = args => ValueTask.FromResult(RetryAfterHeader.Read(args.Outcome.Result)),
                OnRetry = args =>
                {
                    Log.ConnectorRetry(logger, args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode ?? 0, args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.ConnectorAttemptTimeout });
    }

    /// <summary>The pipeline on its own, for a handler built by hand (tests, tools).</summary>
    public ResiliencePipeline<HttpResponseMessage> Build()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(builder);
        return builder.Build();
    }

    /// <summary>
    /// A timed-out attempt is retried only when it is not a POST: a new activity that timed out may still have been posted (the
    /// connector has no idempotency key and Teams does not deduplicate), so it is not sent again; a refused connection or a
    /// 429/5xx answer means it was not, and those are retried.
    /// </summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, bool repeatable) => outcome switch
    {
        { Exception: Polly.Timeout.TimeoutRejectedException } => repeatable,
        { Exception: HttpRequestException } => true,
        { Result: { } response } => IsTransient(response.StatusCode) && (RetryAfterHeader.Read(response) is not { } wait || wait <= maxRetryAfter),
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
