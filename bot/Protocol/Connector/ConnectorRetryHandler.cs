using System.Net;
using CxBot.Http;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace CxBot.Protocol.Connector;

/// <summary>Retries 429, 412, 502, 503, 504 and connection failures with exponential back-off and jitter, honouring <c>Retry-After</c> (platform.md §4).</summary>
internal sealed class ConnectorRetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ConnectorRetryHandler(IOptions<BotOptions> options, TimeProvider time, ILogger<ConnectorRetryHandler> logger)
    {
        var settings = options.Value;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, settings.ConnectorMaxRetries),
                Delay = settings.ConnectorRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(settings.ConnectorMaxRetries > 0 && ShouldRetry(args.Outcome, settings.ConnectorMaxRetryAfter, args.Context.Properties.GetValue(Repeatable, true))),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    Log.ConnectorRetry(logger, args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode ?? 0, args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(settings.ConnectorAttemptTimeout)
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Repeatable, request.Method != HttpMethod.Post);
        try
        {
            return await _pipeline.ExecuteAsync(static async (ctx, state) => await state.Self.BaseSend(state.Request, ctx.CancellationToken), context, (Self: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// False for a POST: a new activity that timed out may still have been posted (the connector has no idempotency key), so it
    /// is not sent again; a refused connection or a 429/5xx answer means it was not, and those are retried.
    /// </summary>
    private static readonly ResiliencePropertyKey<bool> Repeatable = new("cxbot.connector.repeatable");

    private Task<HttpResponseMessage> BaseSend(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, bool repeatable) => outcome switch
    {
        { Exception: Polly.Timeout.TimeoutRejectedException } => repeatable,
        { Exception: HttpRequestException } => true,
        { Result: { } response } => IsTransient(response.StatusCode) && (RetryAfter(response) is not { } wait || wait <= maxRetryAfter),
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The wait a <c>Retry-After</c> header asks for (delta or date), if any.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response) => RetryAfterHeader.Read(response);
}
