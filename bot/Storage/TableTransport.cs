using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CxBot.Storage;

/// <summary>Sends table requests with bounded retries (exponential back-off with jitter) and per-attempt and per-call timeouts.</summary>
internal sealed class TableTransport
{
    private readonly Func<HttpClient> _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger _logger;

    public TableTransport(Func<HttpClient> client, TableServiceOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(options.OperationTimeout)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    Log.TableRetry(_logger, args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode ?? 0, args.Outcome.Exception?.GetType().Name ?? "", args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>
    /// Sends a request made fresh for each attempt and returns the final response, success or not.
    /// Faults that never produced a response become a <see cref="TableStorageException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    using var request = state.createRequest();
                    return await state.self._client().SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                },
                (self: this, createRequest),
                cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TableStorageException(408, TableErrorCodes.ClientTimeout, "The table service did not answer in time.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TableStorageException(503, TableErrorCodes.ServiceUnreachable, "The table service could not be reached: " + ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller's cancellation: a timeout below the pipeline (HttpClient.Timeout, a handler's own) gave up.
            throw new TableStorageException(408, TableErrorCodes.ClientTimeout, "The table service did not answer in time.", ex);
        }
    }

    /// <summary>Reads the service's error (code and message) and turns it into the right exception.</summary>
    public static async Task<TableStorageException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var (code, message) = await ReadErrorAsync(response, cancellationToken);
        code ??= response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
        message = $"Table service answered {status} {code}: {message}";
        return status == 412 ? new TableETagMismatchException(code, message) : new TableStorageException(status, code, message);
    }

    internal static async Task<(string? Code, string Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return ParseError(body, response.ReasonPhrase ?? "");
    }

    internal static (string? Code, string Message) ParseError(string body, string fallback)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, fallback);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("odata.error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m)
                    ? (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.GetString())
                    : null;
                return (code, message ?? fallback);
            }
        }
        catch (JsonException)
        {
            // Not JSON (for example an XML error from a proxy): the status line says enough.
        }

        return (null, fallback);
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        { Exception: HttpRequestException or TimeoutRejectedException or SocketException or IOException } => true,
        _ => false,
    };
}
