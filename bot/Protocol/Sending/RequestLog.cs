namespace CxBot.Protocol.Sending;

/// <summary>
/// The requests of one limit scope (the tenant, or one conversation), in the order they left, each with the moment its
/// answer came. A window of N per T opens for the next request only when every request up to the N-th most recent was
/// answered at least T ago: the service received each of them before it answered, and receives the next one after it
/// leaves, so however late some arrive, no window of length T at the service holds more than N. Not thread-safe (the
/// pacer locks).
/// </summary>
internal sealed class RequestLog(int keep)
{
    private readonly Queue<SendSlot> _slots = new();

    // The latest answer among the requests no longer kept (all of them older than every kept one).
    private DateTimeOffset _dropped = DateTimeOffset.MinValue;

    public void Add(SendSlot slot)
    {
        _slots.Enqueue(slot);
        while (_slots.Count > keep && _slots.Peek().AnsweredAt is { } answered)
        {
            _dropped = Max(_dropped, answered);
            _slots.Dequeue();
        }
    }

    /// <summary>
    /// The earliest moment the next request may leave under "<paramref name="limit"/> per <paramref name="length"/>":
    /// the latest answer among all requests up to the <paramref name="limit"/>-th most recent, plus the window and the
    /// margin. While one of those is still unanswered its answer is at least <paramref name="now"/>, so that is used.
    /// </summary>
    /// <param name="arrival">
    /// The estimated model: how much earlier than its answer each request is taken to have reached the service (see
    /// <see cref="ArrivalEstimate"/>); null for the strict model. A request still in flight counts as <paramref name="now"/>,
    /// and one no longer kept as its answer.
    /// </param>
    public DateTimeOffset OpenAt(int limit, TimeSpan length, TimeSpan margin, DateTimeOffset now, ArrivalEstimate? arrival = null)
    {
        var settled = _slots.Count - limit;
        if (settled < 0)
        {
            // Fewer than the limit kept, so nothing was dropped either (keep is at least every limit).
            return DateTimeOffset.MinValue;
        }

        var latest = _dropped;
        foreach (var slot in _slots)
        {
            if (settled-- < 0)
            {
                break;
            }

            latest = Max(latest, slot.AnsweredAt is { } answered ? answered - (arrival?.Credit(slot.SentAt, answered) ?? TimeSpan.Zero) : now);
        }

        return latest + length + margin;
    }

    /// <summary>True when every request was answered before <paramref name="before"/> (the log can be forgotten).</summary>
    public bool QuietSince(DateTimeOffset before) => _dropped < before && _slots.All(s => s.AnsweredAt is { } at && at < before);

    /// <summary>The latest answer of all (or <paramref name="now"/> while one is in flight): nothing is outstanding after it.</summary>
    public DateTimeOffset LastAnswer(DateTimeOffset now) => _slots.Aggregate(_dropped, (latest, s) => Max(latest, s.AnsweredAt ?? now));

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>
/// The estimated model's arrival: a request reached the service at the latest its return trip before its answer, and the
/// next one reaches it at the earliest its outward trip after it leaves. The quickest recent round trip (<paramref name="Quickest"/>)
/// is at least the quickest outward plus the quickest return trip, so a share of it (<paramref name="Share"/>, at most all of
/// it, cut by 429s) is credited: never more than the request's own round trip or <paramref name="Cap"/>. A request's own
/// round trip is not used: on a busy machine a slow one is as often slow on the way out (it reached the service late) as
/// on the way back.
/// </summary>
internal readonly record struct ArrivalEstimate(double Share, TimeSpan Quickest, TimeSpan Cap)
{
    public TimeSpan Credit(DateTimeOffset sent, DateTimeOffset answered)
    {
        var roundTrip = answered - sent;
        var credit = Quickest * Share;
        credit = credit > roundTrip ? roundTrip : credit;
        credit = credit > Cap ? Cap : credit;
        return credit < TimeSpan.Zero ? TimeSpan.Zero : credit;
    }
}

/// <summary>One request the pacer let go: when it left, and when its answer came (null while it is in flight).</summary>
internal sealed class SendSlot
{
    public DateTimeOffset SentAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; set; }
}
