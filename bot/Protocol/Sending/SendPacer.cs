namespace CxBot.Protocol.Sending;

/// <summary>
/// Paces one tenant's sends to the Teams limits (platform.md §4), all at once: the app's requests per second in the
/// tenant (evenly spaced), the per-conversation windows (7/1 s, 8/2 s, 60/30 s, 1,800/h), and the tenant's answer to a
/// 429: a pause for its <c>Retry-After</c>, and a slower pace (10 % off, at most once a second unless 429s come back to
/// back; each success gives 1 % of the limit back), so repeated 429s slow the whole tenant quickly while a stray one
/// costs little. With <see cref="PacerLimits.AwaitAnswers"/> every window counts a request from the moment it leaves to
/// the moment its answer comes (see <see cref="RequestLog"/>), so no window at the service can hold more than its limit
/// however unevenly requests travel; the caller reports each answer with <see cref="Answered"/>. Pure and thread-safe:
/// it only decides, on the given clock; the caller waits.
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

    /// <summary>
    /// The largest share of the quickest recent round trip credited as the network's (the estimated model): all of it. It is
    /// at least the quickest outward plus the quickest return trip, so a breach needs both trips of a request quicker than
    /// any of the last 64 by more than the window's margin; the first 429 halves the share. (0.9 until 2026-12-07: at 60 ms
    /// each way ± 15 ms it gave 92.6–93.0 % of the limit against 94.1–94.9 % now, with no breach either way.)
    /// </summary>
    public const double MaxArrivalShare = 1.0;

    /// <summary>The largest credit, however slow the network: beyond it, the strict model's pace is close enough.</summary>
    public static readonly TimeSpan MaxCredit = TimeSpan.FromMilliseconds(500);

    private readonly PacerLimits _limits;
    private readonly TimeProvider _time;
    private readonly RequestLog _tenant;
    private readonly Dictionary<string, RequestLog> _conversations = new(StringComparer.Ordinal);
    private TimeSpan _spacing;
    private int _share;
    private int _risingTo;
    private DateTimeOffset _riseAt;
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSlot;
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _nextSweep;
    private DateTimeOffset _nextCut;
    private bool _succeededSinceCut = true;
    private double _pace = 1;
    private int _interactive;
    private int _interactiveWaiters;
    private readonly TimeSpan[] _roundTrips = new TimeSpan[64];
    private int _roundTripCount;
    private double _arrivalShare = MaxArrivalShare;

    public SendPacer(PacerLimits limits, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.TenantPerSecond, 1);
        _limits = limits;
        _time = time;
        // Twice the limit kept: a window looks at the limit's worth of requests and at the ones before (answers can come out
        // of order), each with its own arrival estimate; older ones count at their answer.
        _tenant = new RequestLog(2 * limits.TenantPerSecond);

        // Answers close the windows exactly, so the spacing only smooths the flow; without them it keeps the margin.
        SetSpacing(limits.TenantPerSecond);
        var now = time.GetUtcNow();
        _nextSlot = now + limits.StartQuiet;
        _pausedUntil = now + limits.StartQuiet;
        _nextSweep = now + LongestWindow;
        _nextCut = now;
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
    /// otherwise says how long to wait and whether the tenant or only this conversation is the reason. With
    /// <see cref="PacerLimits.AwaitAnswers"/> the granted slot must be given to <see cref="Answered"/> when the request
    /// ends, whatever its outcome.
    /// </summary>
    /// <param name="conversationId">The conversation the request goes to (its own windows).</param>
    /// <param name="interactive">
    /// An answer a person is waiting for: it goes first, taking the next opening of the tenant's window without waiting
    /// for the bulk spacing; bulk requests fill what it leaves. The windows, the conversation's limits and a 429's pause
    /// hold for it all the same.
    /// </param>
    public PaceDecision TryAcquire(string conversationId, bool interactive = false)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Sweep(now);
            if (_risingTo > 0 && now >= _riseAt)
            {
                SetSpacing(_risingTo);
                _risingTo = 0;
            }

            var tenantWait = interactive ? WindowWait(now) : TenantWait(now);
            if (!interactive && _interactiveWaiters > 0)
            {
                // A person's request is waiting for the tenant's next opening: it is theirs, whoever asks first.
                tenantWait = Max(tenantWait, Max(WindowWait(now), _spacing));
            }

            var conversation = _conversations.GetValueOrDefault(conversationId);
            var conversationWait = conversation is null ? TimeSpan.Zero : ConversationWait(conversation, now);
            if (tenantWait > TimeSpan.Zero || conversationWait > TimeSpan.Zero)
            {
                return new PaceDecision(false, tenantWait > conversationWait ? tenantWait : conversationWait, tenantWait >= conversationWait);
            }

            // Without answers to wait for, a request counts as answered the moment it leaves (requests are assumed to
            // arrive as evenly as they leave; the margin covers small jitter).
            var slot = new SendSlot { SentAt = now, AnsweredAt = _limits.AwaitAnswers ? null : now };
            _tenant.Add(slot);
            if (interactive)
            {
                _interactive++;
            }
            else
            {
                AdvanceSchedule(now);
            }

            if (conversation is null)
            {
                conversation = new RequestLog(ConversationWindows[^1].Count);
                _conversations[conversationId] = conversation;
            }

            conversation.Add(slot);
            return new PaceDecision(true, TimeSpan.Zero, false, slot);
        }
    }

    /// <summary>
    /// This instance's share of the tenant's limit (all of it until told otherwise): the requests per second it may make there
    /// while other instances draw from the same budget (<see cref="BudgetShares"/>).
    /// </summary>
    public int Share
    {
        get
        {
            lock (_gate)
            {
                return _share;
            }
        }
    }

    /// <summary>
    /// Sets this instance's share of the tenant's limit (1 to the limit). A smaller share holds at once; a larger one only
    /// from <paramref name="riseAt"/>, so the instances whose shares shrank to make room have had their last second go by.
    /// </summary>
    public void SetShare(int share, DateTimeOffset riseAt)
    {
        share = Math.Clamp(share, 1, _limits.TenantPerSecond);
        lock (_gate)
        {
            if (share <= _share || riseAt <= _time.GetUtcNow())
            {
                SetSpacing(share);
                _risingTo = 0;
            }
            else if (share != _risingTo)
            {
                // The same rise decided again keeps its time; a different one waits its own.
                _riseAt = riseAt;
                _risingTo = share;
            }
        }
    }

    /// <summary>Sends nothing before <paramref name="until"/> (an instance joining a budget others already draw from waits until they made room).</summary>
    public void HoldUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            _pausedUntil = until > _pausedUntil ? until : _pausedUntil;
            _nextSlot = until > _nextSlot ? until : _nextSlot;
        }
    }

    private void SetSpacing(int share)
    {
        _share = share;
        _spacing = (_limits.AwaitAnswers ? Second : Second + _limits.Margin) / share;
    }

    /// <summary>Interactive requests granted so far.</summary>
    public int Interactive
    {
        get
        {
            lock (_gate)
            {
                return _interactive;
            }
        }
    }

    /// <summary>
    /// Moves the bulk schedule on by one slot. Slots follow a fixed schedule so a late timer catches up (by a fifth of a
    /// second's slots at most); the one-second window keeps any catch-up within the limit.
    /// </summary>
    private void AdvanceSchedule(DateTimeOffset now)
    {
        var spacing = _spacing / _pace;
        var catchUp = spacing * Math.Max(2, _share / 5);
        var used = _nextSlot < now - catchUp ? now - catchUp : _nextSlot;
        _nextSlot = used + spacing;
    }

    /// <summary>
    /// Waits until <see cref="TryAcquire"/> grants a slot for <paramref name="conversationId"/>. An interactive request
    /// waiting for the tenant's window holds the bulk back meanwhile (<see cref="InteractiveWaiting"/>), so the next opening
    /// is its own even when the send engine, always ready with more, asks at the same instant.
    /// </summary>
    public async Task<SendSlot> WaitAsync(string conversationId, CancellationToken cancellationToken, bool interactive = false)
    {
        var holding = false;
        try
        {
            while (true)
            {
                var decision = TryAcquire(conversationId, interactive);
                if (decision.Slot is { } slot)
                {
                    return slot;
                }

                if (interactive && decision.TenantBound != holding)
                {
                    holding = decision.TenantBound;
                    InteractiveWaiting(holding);
                }

                await Task.Delay(decision.Wait, _time, cancellationToken);
            }
        }
        finally
        {
            if (holding)
            {
                InteractiveWaiting(false);
            }
        }
    }

    /// <summary>
    /// An interactive request starts (true) or stops (false) waiting for the tenant's window: while any waits, bulk
    /// requests are refused, so the window's next opening goes to it. Each true must be matched by one false.
    /// </summary>
    public void InteractiveWaiting(bool waiting)
    {
        lock (_gate)
        {
            _interactiveWaiters += waiting ? 1 : -1;
        }
    }

    /// <summary>The answer to the request of <paramref name="slot"/> came (or the caller gave up on it): it stops holding the windows open.</summary>
    public void Answered(SendSlot slot)
    {
        lock (_gate)
        {
            if (slot.AnsweredAt is not null)
            {
                return;
            }

            var now = _time.GetUtcNow();
            slot.AnsweredAt = now;
            if (_limits.EstimateArrival)
            {
                _roundTrips[_roundTripCount++ % _roundTrips.Length] = now - slot.SentAt;
            }
        }
    }

    /// <summary>
    /// The estimated model's credit: how much earlier than its answer a request is taken to have reached the service
    /// (<see cref="ArrivalEstimate"/>). Zero in the strict model or before any answer.
    /// </summary>
    public TimeSpan ArrivalCredit
    {
        get
        {
            lock (_gate)
            {
                return Estimate() is { } estimate ? estimate.Credit(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch + estimate.Quickest) : TimeSpan.Zero;
            }
        }
    }

    private ArrivalEstimate? Estimate()
    {
        if (!_limits.EstimateArrival || _roundTripCount == 0)
        {
            return null;
        }

        var quickest = TimeSpan.MaxValue;
        for (var i = 0; i < Math.Min(_roundTripCount, _roundTrips.Length); i++)
        {
            quickest = _roundTrips[i] < quickest ? _roundTrips[i] : quickest;
        }

        return new ArrivalEstimate(_arrivalShare, quickest, MaxCredit);
    }

    /// <summary>
    /// A 429: the tenant waits <paramref name="retryAfter"/> first when the connector asked for it, and slows down: by
    /// 10 %, but only once a second unless no request succeeded since the last cut (429s back to back: really limited).
    /// A stray 429 among many successes, as a busy service gives now and then, costs one small cut.
    /// </summary>
    public void Throttled(TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            // A 429 may mean the arrival estimate was too bold: trust it less (it recovers with successes).
            _arrivalShare *= 0.5;
            if (now >= _nextCut || !_succeededSinceCut)
            {
                _pace = Math.Max(MinimumPace, _pace * 0.9);
                _nextCut = now + Second;
                _succeededSinceCut = false;
            }

            var until = now + (retryAfter ?? TimeSpan.Zero);
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
            _arrivalShare = Math.Min(MaxArrivalShare, _arrivalShare + 0.005);
            _succeededSinceCut = true;
        }
    }

    /// <summary>
    /// When the tenant's one-second window is clear of everything this pacer let go: a holder that hands the tenant over
    /// keeps it until then, so the next holder can start at once.
    /// </summary>
    public DateTimeOffset ClearAt
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var last = _tenant.LastAnswer(now);
                return last == DateTimeOffset.MinValue ? now : last + Second + _limits.Margin;
            }
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

    private TimeSpan TenantWait(DateTimeOffset now) => Max(_nextSlot - now, WindowWait(now));

    /// <summary>The tenant's window and a 429's pause, without the bulk spacing.</summary>
    private TimeSpan WindowWait(DateTimeOffset now) =>
        Max(_pausedUntil - now, _tenant.OpenAt(_share, Second, _limits.Margin, now, Estimate()) - now);

    private TimeSpan ConversationWait(RequestLog sent, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        var estimate = Estimate();
        foreach (var (limit, length) in ConversationWindows)
        {
            wait = Max(wait, sent.OpenAt(limit, length, _limits.Margin, now, estimate) - now);
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
            if (sent.QuietSince(now - LongestWindow))
            {
                _conversations.Remove(id);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

}

/// <summary>
/// The tenant's limit, the safety margin added to every window, a quiet start (how long before the first request), the
/// share of the limit to start at (each success raises it by 1 % of the limit), and whether windows run until each
/// request's answer (<see cref="SendPacer.Answered"/>) instead of from the moment it leaves.
/// </summary>
internal sealed record PacerLimits(int TenantPerSecond, TimeSpan Margin, TimeSpan StartQuiet, double StartPace = 1, bool AwaitAnswers = false)
{
    /// <summary>
    /// With <see cref="AwaitAnswers"/>: count each request in the windows from when it is estimated to have reached the
    /// service (its answer less a share of the quickest recent round trip, <see cref="SendPacer.ArrivalCredit"/>) instead of
    /// from its answer (the strict model), so the pace stays near the limit as the network's latency grows.
    /// </summary>
    public bool EstimateArrival { get; init; }
}

/// <summary>A pacing decision: granted now (with the request's slot), or wait this long (mostly because of the tenant, or only because of this conversation).</summary>
internal readonly record struct PaceDecision(bool Granted, TimeSpan Wait, bool TenantBound, SendSlot? Slot = null);
