using Azure;

namespace CxBot.Storage;

/// <summary>
/// Turns what Azure.Data.Tables throws into the <see cref="TableStorageException"/>s callers catch: a refusal keeps the service's
/// status and code; a timeout (408 <see cref="TableErrorCodes.ClientTimeout"/>) or a service out of reach (503
/// <see cref="TableErrorCodes.ServiceUnreachable"/>) once retries are spent, which the SDK reports as an
/// <see cref="AggregateException"/> or a <see cref="TaskCanceledException"/>, become refusals too. The caller's own
/// cancellation stays a cancellation.
/// </summary>
internal static class TableFaults
{
    /// <summary>The exception to throw instead of <paramref name="fault"/>, or null when it must pass as it is.</summary>
    public static Exception? Translate(Exception fault, CancellationToken callerToken)
    {
        switch (fault)
        {
            case TableStorageException:
                return null;
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return null;
            case Azure.Data.Tables.TableTransactionFailedException failed when failed.Status > 0:
                return new TableTransactionFailedException(
                    failed.Status,
                    failed.ErrorCode,
                    $"Table transaction failed at action {failed.FailedTransactionActionIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} with {failed.Status} {failed.ErrorCode}: {FirstLine(failed.Message)}",
                    failed.FailedTransactionActionIndex);
            case RequestFailedException { Status: > 0 } refused:
                return Refusal(refused.Status, refused.ErrorCode, FirstLine(refused.Message), refused);
            case RequestFailedException unreachable:
                return Unreachable(unreachable);
            case OperationCanceledException timedOut:
                // Not the caller's cancellation: an attempt's or the call's timeout gave up.
                return TimedOut(timedOut);
            case AggregateException spent:
                // The SDK's retries are spent: the last attempt says what went wrong.
                return spent.InnerExceptions.LastOrDefault() is { } last && Translate(last, callerToken) is TableStorageException translated
                    ? Rewrap(translated, spent)
                    : Unreachable(spent);
            case System.Net.Http.HttpRequestException or IOException:
                return Unreachable(fault);
            default:
                return null;
        }
    }

    /// <summary>The right exception for a status the service answered with.</summary>
    public static TableStorageException Refusal(int status, string? errorCode, string message, Exception? inner = null)
    {
        message = $"Table service answered {status} {errorCode}: {message}";
        return status == 412 ? new TableETagMismatchException(errorCode, message, inner) : new TableStorageException(status, errorCode, message, inner);
    }

    private static TableStorageException TimedOut(Exception inner) =>
        new(408, TableErrorCodes.ClientTimeout, "The table service did not answer in time.", inner);

    private static TableStorageException Unreachable(Exception inner) =>
        new(503, TableErrorCodes.ServiceUnreachable, "The table service could not be reached: " + FirstLine(inner.Message), inner);

    private static TableStorageException Rewrap(TableStorageException translated, AggregateException spent) => translated switch
    {
        TableETagMismatchException => translated,
        TableTransactionFailedException => translated,
        _ when translated.ErrorCode == TableErrorCodes.ClientTimeout => TimedOut(spent),
        _ when translated.ErrorCode == TableErrorCodes.ServiceUnreachable => Unreachable(spent),
        _ => translated,
    };

    // The SDK's messages add the status, headers and content over many lines; the first line is the service's own message.
    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
