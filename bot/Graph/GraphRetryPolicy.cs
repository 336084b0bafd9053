using System.Net;
using CxBot.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CxBot.Graph;

/// <summary>
/// The Graph client's resilience pipeline, run by <c>AddResilienceHandler</c>: retries Graph throttling and outages (429, 503, 504,
/// no answer, an attempt that timed out) with exponential back-off and jitter, honouring <c>Retry-After</c>; a <c>Retry-After</c>
/// above <see cref="GraphOptions.MaxRetryAfter"/> gives up instead of waiting.
/// </summary>
internal sealed class GraphRetryPolicy(IOptions<GraphOptions> options, TimeProvider time, ILogger<GraphRetryPolicy> logger)
{
    /// <summary>Adds the retry (unless <see cref="GraphOptions.MaxRetries"/> is 0) and attempt-timeout strategies, on this policy's clock.</summary>
    public void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder)
    {
        var settings = options.Value;
        builder.TimeProvider = time;
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, settings.MaxRetryAfter)),
                // Our Retry-After reader rather than ShouldRetryAfterHeader's: it measures a date from the answer's own Date header
                // (not the system clock), the same wait the cap in ShouldRetry compares.
                DelayGenerator = args => ValueTask.FromResult(RetryAfterHeader.Read(args.Outcome.Result)),
                OnRetry = args =>
                {
                    Log.GraphRetry(logger, args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode ?? 0, args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.AttemptTimeout });
    }

    /// <summary>The pipeline on its own, for a handler built by hand (tests, tools).</summary>
    public ResiliencePipeline<HttpResponseMessage> Build()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(builder);
        return builder.Build();
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } r =>
            RetryAfterHeader.Read(r.Result) is not { } wait || wait <= maxRetryAfter,
        _ => false,
    };
}
