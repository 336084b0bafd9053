namespace CxBot.Http;

/// <summary>Reads the wait an HTTP answer's <c>Retry-After</c> header asks for: shared by the connector's and Graph's retry handlers.</summary>
internal static class RetryAfterHeader
{
    /// <summary>The wait a <c>Retry-After</c> header asks for (delta or date, never negative), if any.</summary>
    public static TimeSpan? Read(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date && response?.Headers.Date is { } now)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
