using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace CxBot.Storage;

/// <summary>
/// Logs each table request attempt that failed in a way the SDK retries (status and fault type only, never keys or values).
/// It sits after the SDK's retry policy, so it sees every attempt; the SDK's own request logging is off.
/// </summary>
internal sealed class TableRetryLog(ILogger logger) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
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

    private void Answered(HttpMessage message)
    {
        if (message.HasResponse && message.ResponseClassifier.IsRetriableResponse(message))
        {
            Log.TableAttemptFailed(logger, message.Response.Status, "");
        }
    }

    // Logs and lets the exception pass (an exception filter that returns false).
    private bool Failed(HttpMessage message, Exception e)
    {
        if (!message.CancellationToken.IsCancellationRequested)
        {
            Log.TableAttemptFailed(logger, 0, e.GetType().Name);
        }

        return false;
    }
}
