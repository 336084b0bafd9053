namespace CxBot.Protocol.Sending;

/// <summary>
/// Paces one tenant's sends to the Teams limits (platform.md §4), all at once: the app's requests per second in the
/// tenant (evenly spaced, and never more than the limit in any window of one second plus <see cref="PacerLimits.Margin"/>),
/// the per-conversation windows (7/1 s, 8/2 s, 60/30 s, 1,800/h), and the tenant's answer to a 429: a pause for its
/// <c>Retry-After</c>, and in any case a slower pace (each 429 takes 10 % off, each success gives 1 % of the limit back),
/// so repeated 429s slow the whole tenant quickly while a stray one costs little. Pure and thread-safe: it only decides,
/// on the given clock; the caller waits.
/// </summary>
internal sealed class SendPacer
{
    /// <summary>The per-conversation windows Teams enforces for a bot (platform.md §4).</summary>
    public static readonly IReadOnlyList<(int Count, TimeSpan Length)> ConversationWindows =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);
    private const double MinimumPace = 0.05;

    private readonly PacerLimits _limits;
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _tenant = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _conversations = new(StringComparer.Ordinal);
    private readonly TimeSpan _spacing;
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSlot;
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _nextSweep;
    private double _pace = 1;

    public SendPacer(PacerLimits limits, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.TenantPerSecond, 1);
        _limits = limits;
        _time = time;
        _spacing = (Second + limits.Margin) / limits.TenantPerSecond;
        var now = time.GetUtcNow();
        _nextSlot = now + limits.StartQuiet;
        _pausedUntil = now + limits.StartQuiet;
        _nextSweep = now + LongestWindow;
        _pace = Math.Clamp(limits.StartPace, MinimumPace, 1);
    }

    /// <summary>When the tenant is paused after a 429, until when.</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>
    /// Takes a slot for one request to <paramref name="conversationId"/> now if every limit allows it (and records it);
    /// otherwise says how long to wait and whether the tenant or only this conversation is the reason.
    /// </summary>
    public PaceDecision TryAcquire(string conversationId)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Sweep(now);
            var tenantWait = TenantWait(now);
            var conversation = _conversations.GetValueOrDefault(conversationId);
            var conversationWait = conversation is null ? TimeSpan.Zero : ConversationWait(conversation, now);
            if (tenantWait > TimeSpan.Zero || conversationWait > TimeSpan.Zero)
            {
                return new PaceDecision(false, tenantWait > conversationWait ? tenantWait : conversationWait, tenantWait >= conversationWait);
            }

            _tenant.Enqueue(now);
            while (_tenant.Count > _limits.TenantPerSecond)
            {
                _tenant.Dequeue();
            }

            // Slots follow a fixed schedule so a late timer catches up (by a fifth of a second's slots at most); the
            // one-second window above keeps any catch-up within the limit.
            var spacing = _spacing / _pace;
            var catchUp = spacing * Math.Max(2, _limits.TenantPerSecond / 5);
            var used = _nextSlot < now - catchUp ? now - catchUp : _nextSlot;
            _nextSlot = used + spacing;
            if (conversation is null)
            {
                conversation = new Queue<DateTimeOffset>();
                _conversations[conversationId] = conversation;
            }

            conversation.Enqueue(now);
            while (conversation.Count > ConversationWindows[^1].Count)
            {
                conversation.Dequeue();
            }

            return new PaceDecision(true, TimeSpan.Zero, false);
        }
    }

    /// <summary>A 429: the tenant slows down, and waits <paramref name="retryAfter"/> first when the connector asked for it.</summary>
    public void Throttled(TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            _pace = Math.Max(MinimumPace, _pace * 0.9);
            var until = _time.GetUtcNow() + (retryAfter ?? TimeSpan.Zero);
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>A request went through: the pace recovers a little.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            _pace = Math.Min(1, _pace + 0.01);
        }
    }

    /// <summary>The share of the tenant limit the pacer allows now (1 until a 429).</summary>
    public double Pace
    {
        get
        {
            lock (_gate)
            {
                return _pace;
            }
        }
    }

    /// <summary>Conversations the pacer remembers (for tests: old ones are forgotten after an hour).</summary>
    public int ConversationsTracked
    {
        get
        {
            lock (_gate)
            {
                return _conversations.Count;
            }
        }
    }

    private TimeSpan TenantWait(DateTimeOffset now)
    {
        var wait = Max(_pausedUntil - now, _nextSlot - now);
        if (_tenant.Count >= _limits.TenantPerSecond)
        {
            // The oldest of the last N requests must be at least one second (plus the margin) ago.
            wait = Max(wait, _tenant.Peek() + Second + _limits.Margin - now);
        }

        return wait;
    }

    private TimeSpan ConversationWait(Queue<DateTimeOffset> sent, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        var count = sent.Count;
        foreach (var (limit, length) in ConversationWindows)
        {
            if (count < limit)
            {
                continue;
            }

            // The limit-th most recent request must have left the window.
            var oldest = sent.ElementAt(count - limit);
            wait = Max(wait, oldest + length + _limits.Margin - now);
        }

        return wait;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + TimeSpan.FromMinutes(5);
        foreach (var (id, sent) in _conversations.ToList())
        {
            while (sent.Count > 0 && sent.Peek() <= now - LongestWindow)
            {
                sent.Dequeue();
            }

            if (sent.Count == 0)
            {
                _conversations.Remove(id);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>
/// The tenant's limit, the safety margin added to every window, a quiet start (a new lease holder waits one window), and
/// the share of the limit to start at (a slow start: new connections and a cold process answer unevenly at first; each
/// success raises it by 1 % of the limit).
/// </summary>
internal sealed record PacerLimits(int TenantPerSecond, TimeSpan Margin, TimeSpan StartQuiet, double StartPace = 1);

/// <summary>A pacing decision: granted now, or wait this long (mostly because of the tenant, or only because of this conversation).</summary>
internal readonly record struct PaceDecision(bool Granted, TimeSpan Wait, bool TenantBound);
