using System.Diagnostics.Metrics;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The send engine's instruments: messages settled by outcome (the send rate), 429s received from the connector, pauses
/// of a tenant's bulk, send lease changes, and the unfinished send jobs (outbox deliveries waiting) as of the last poll.
/// </summary>
internal sealed class SendMetrics
{
    private readonly Counter<long> _messages;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _pauses;
    private readonly Counter<long> _leases;
    private long _activeJobs = -1;

    public SendMetrics(IMeterFactory meters)
    {
        var meter = BotMeter.Of(meters);
        _messages = meter.CreateCounter<long>("cxbot.send.messages", "{message}", "Messages the send engine settled, by outcome (sent, unreachable, failed).");
        _throttled = meter.CreateCounter<long>("cxbot.connector.throttled", "{response}", "429 answers from the Bot Connector, by traffic (bulk, interactive).");
        _pauses = meter.CreateCounter<long>("cxbot.send.pauses", "{pause}", "Times a tenant's bulk sending was paused and slowed after a 429.");
        _leases = meter.CreateCounter<long>("cxbot.send.lease.changes", "{change}", "Tenant send leases taken, released (handed over) and lost by this instance.");
        meter.CreateObservableGauge("cxbot.send.jobs.active", ObserveActiveJobs, "{job}", "Unfinished send jobs (bulk sends and queued outbox messages), as of this instance's last poll.");
    }

    /// <summary>A recipient's row settled for good: <paramref name="state"/> is sent, unreachable or failed.</summary>
    public void Settled(string state) => _messages.Add(1, new KeyValuePair<string, object?>("outcome", state switch
    {
        RowStates.Sent => "sent",
        RowStates.Unreachable => "unreachable",
        _ => "failed",
    }));

    /// <summary>The connector answered 429 to the engine (bulk) or to a reply, card update or proactive send (interactive).</summary>
    public void Throttled(bool bulk) => _throttled.Add(1, new KeyValuePair<string, object?>("traffic", bulk ? "bulk" : "interactive"));

    /// <summary>A tenant's pacer paused after a 429.</summary>
    public void Paused() => _pauses.Add(1);

    /// <summary>A send lease was taken, released or lost here.</summary>
    public void Lease(string change) => _leases.Add(1, new KeyValuePair<string, object?>("change", change));

    /// <summary>The number of unfinished jobs the last poll of the index found.</summary>
    public void ActiveJobs(int count) => Interlocked.Exchange(ref _activeJobs, count);

    private IEnumerable<Measurement<long>> ObserveActiveJobs()
    {
        var count = Interlocked.Read(ref _activeJobs);
        return count < 0 ? [] : [new Measurement<long>(count)];
    }
}

/// <summary>The <c>change</c> tag of <c>cxbot.send.lease.changes</c>.</summary>
internal static class LeaseChanges
{
    public const string Taken = "taken";
    public const string Released = "released";
    public const string Lost = "lost";
}
