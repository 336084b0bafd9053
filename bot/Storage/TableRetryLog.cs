using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace CxBot.Storage;

/// <summary>Logs each table request attempt that failed in a way the SDK retries (status and fault type only, never keys or values).</summary>
internal sealed class TableRetryLog(ILogger logger) : HttpPipelinePolicy
{
    private const string AttemptProperty = "CxBot.TableAttempt";

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        NextAttempt(message);
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception e) when (Failed(message, e))
        {
            throw;
        }

        Answered(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        NextAttempt(message);
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        catch (Exception e) when (Failed(message, e))
        {
            throw;
        }

        Answered(message);
    }

    // Runs once per attempt (the policy sits after the SDK's retry policy).
    private static void NextAttempt(HttpMessage message) => message.SetProperty(AttemptProperty, Attempt(message) + 1);

    private static int Attempt(HttpMessage message) => message.TryGetProperty(AttemptProperty, out var n) && n is int attempt ? attempt : 0;

    private void Answered(HttpMessage message)
    {
        if (message.HasResponse && message.ResponseClassifier.IsRetriableResponse(message))
        {
            Log.TableRetry(logger, Attempt(message), message.Response.Status, "");
        }
    }

    // Logs and lets the exception pass (an exception filter that returns false).
    private bool Failed(HttpMessage message, Exception e)
    {
        if (!message.CancellationToken.IsCancellationRequested)
        {
            Log.TableRetry(logger, Attempt(message), 0, e.GetType().Name);
        }

        return false;
    }
}
