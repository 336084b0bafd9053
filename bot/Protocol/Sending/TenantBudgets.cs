using System.Collections.Concurrent;
using System.Net;
using CxBot.Http;
using CxBot.Protocol.Connector;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The tenants' sending budgets on this instance. While this instance holds a tenant's send lease, that run's
/// <see cref="SendPacer"/> is the tenant's budget here, and every other request this instance makes to the tenant's
/// connector (replies, card updates, conversations created, proactive sends, background reports) draws from it as
/// interactive traffic, ahead of the bulk. The tenant's limit is shared with the other instances sending there
/// (<see cref="BudgetShares"/>): every <see cref="SendingOptions.BudgetBeatEvery"/> (<see cref="BeatAsync"/>) each instance
/// says what it wants and takes its share; an instance answering people in a tenant while another sends the bulk gets a
/// pacer of its own for its share, and one alone in a tenant needs none for interactive traffic.
/// </summary>
internal sealed class TenantBudgets(BudgetShares shares, IOptions<SendingOptions> options, TimeProvider time, ILogger<TenantBudgets> logger)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly SendingOptions _settings = options.Value;
    private readonly ConcurrentDictionary<string, Budget> _tenants = new(StringComparer.Ordinal);

    /// <summary>The tenant's budget on this instance (the bulk run's pacer, or one for this instance's share), else null.</summary>
    public SendPacer? Of(string tenantId) => _tenants.GetValueOrDefault(tenantId)?.Pacer;

    /// <summary>A request to the tenant's connector is about to go (counted for what this instance wants next beat).</summary>
    public void Used(string tenantId)
    {
        var budget = _tenants.GetOrAdd(tenantId, static _ => new Budget());
        budget.Use(time.GetUtcNow());
    }

    /// <summary>
    /// The bulk run's pacer becomes the tenant's budget here; its share is settled first (the run wants all of the limit),
    /// so it starts at what the other instances leave.
    /// </summary>
    public async Task AttachAsync(string tenantId, SendPacer pacer, CancellationToken cancellationToken)
    {
        Attach(tenantId, pacer);
        await BeatAsync(tenantId, _tenants.GetOrAdd(tenantId, static _ => new Budget()), cancellationToken, joining: true);
    }

    /// <summary>The bulk run's pacer becomes the tenant's budget here, at the share it has (tests; <see cref="AttachAsync"/> settles the share first).</summary>
    public void Attach(string tenantId, SendPacer pacer) => _tenants.GetOrAdd(tenantId, static _ => new Budget()).Attach(pacer);

    /// <summary>The bulk run ended: this instance now wants only what it uses, or leaves once <paramref name="clearAt"/> is past.</summary>
    public async Task DetachAsync(string tenantId, SendPacer pacer, DateTimeOffset clearAt)
    {
        if (_tenants.TryGetValue(tenantId, out var budget) && budget.Detach(pacer))
        {
            budget.ClearAt = clearAt;
            await BeatAsync(tenantId, budget, CancellationToken.None);
        }
    }

    /// <summary>One beat for every tenant this instance sends to (see <see cref="BudgetShares"/>).</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(_tenants, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (tenant, ct) =>
            await BeatAsync(tenant.Key, tenant.Value, ct));
    }

    private async Task BeatAsync(string tenantId, Budget budget, CancellationToken cancellationToken, bool joining = false)
    {
        var now = time.GetUtcNow();
        var limit = _settings.TenantRequestsPerSecond;
        var (bulk, used, lastUsed) = budget.Take();
        try
        {
            if (bulk is null && lastUsed + _settings.BudgetIdle < now)
            {
                // Quiet here for a while: this instance stops counting once its last second of requests is over.
                if (budget.Counted)
                {
                    var clear = budget.Interactive?.ClearAt ?? now;
                    await shares.LeaveAsync(tenantId, _settings.Instance, clear > budget.ClearAt ? clear : budget.ClearAt, cancellationToken);
                }

                _tenants.TryRemove(new KeyValuePair<string, Budget>(tenantId, budget));
                return;
            }

            // The bulk sender wants the whole limit; an instance answering people twice what it used since the last beat.
            var perSecond = used / Math.Max(_settings.BudgetBeatEvery.TotalSeconds, 0.1);
            var wants = bulk is not null ? limit : Math.Clamp((int)Math.Ceiling(2 * perSecond), InteractiveFloor(limit), limit);
            var (share, others, clearAt, othersWant) = await shares.BeatAsync(tenantId, _settings.Instance, limit, wants, now + _settings.BudgetExpiry, cancellationToken);
            budget.Beaten(time.GetUtcNow());

            // Alone, nobody else has requests in the tenant's window once the instances that left are clear; otherwise a
            // larger share waits until the instances whose shares shrank for it have seen the same rows (by their next beat,
            // allowing one late) and their last second has gone by.
            var riseAt = others == 0 ? clearAt : now + (2 * _settings.BudgetBeatEvery) + Second + _settings.WindowMargin;
            if (bulk is not null)
            {
                var free = limit - othersWant;
                if (joining && free < share)
                {
                    // A bulk run starting where others draw takes at once only what they do not want (they have not seen it
                    // yet, so their shares are still the larger ones), the rest when they made room; nothing before then
                    // when they want it all.
                    bulk.SetShare(Math.Max(free, 1), now);
                    bulk.SetShare(share, riseAt);
                    if (free < 1)
                    {
                        bulk.HoldUntil(riseAt);
                    }
                }
                else if (joining)
                {
                    bulk.SetShare(share, now);
                    bulk.HoldUntil(clearAt);
                }
                else
                {
                    bulk.SetShare(share, riseAt);
                }
            }
            else
            {
                budget.Share(others == 0 ? null : share, riseAt, () => NewInteractivePacer(share));
            }
        }
        catch (TableStorageException ex)
        {
            Log.BudgetBeatFailed(logger, "status-" + ex.Status);
            budget.Unshared(now - (_settings.BudgetExpiry - _settings.BudgetBeatEvery - Second));
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.BudgetBeatFailed(logger, ex.GetType().Name);
            budget.Unshared(now - (_settings.BudgetExpiry - _settings.BudgetBeatEvery - Second));
        }
    }

    /// <summary>The least an instance answering people wants: a twenty-fifth of the limit (2 of Teams' 50 a second).</summary>
    public static int InteractiveFloor(int limit) => Math.Max(1, limit / 25);

    private SendPacer NewInteractivePacer(int share)
    {
        var pacer = new SendPacer(new PacerLimits(_settings.TenantRequestsPerSecond, _settings.WindowMargin, TimeSpan.Zero, AwaitAnswers: true) { EstimateArrival = !_settings.StrictPacing }, time);
        pacer.SetShare(share, time.GetUtcNow());
        return pacer;
    }

    /// <summary>One tenant's budget on this instance.</summary>
    private sealed class Budget
    {
        private readonly Lock _gate = new();
        private SendPacer? _bulk;
        private int _used;
        private DateTimeOffset _lastUsed;
        private DateTimeOffset _lastBeat;

        /// <summary>This instance's own pacer for its share while another instance sends the tenant's bulk.</summary>
        public SendPacer? Interactive { get; private set; }

        /// <summary>True once this instance's row was written (it counts until it leaves).</summary>
        public bool Counted { get; private set; }

        /// <summary>When this instance's last bulk run's window is clear.</summary>
        public DateTimeOffset ClearAt { get; set; }

        public SendPacer? Pacer
        {
            get
            {
                lock (_gate)
                {
                    return _bulk ?? Interactive;
                }
            }
        }

        public void Use(DateTimeOffset now)
        {
            lock (_gate)
            {
                _used++;
                _lastUsed = now;
            }
        }

        public void Attach(SendPacer pacer)
        {
            lock (_gate)
            {
                _bulk = pacer;
            }
        }

        public bool Detach(SendPacer pacer)
        {
            lock (_gate)
            {
                if (!ReferenceEquals(_bulk, pacer))
                {
                    return false;
                }

                _bulk = null;
                return true;
            }
        }

        /// <summary>The bulk pacer, the requests since the last beat (reset) and the last one's time.</summary>
        public (SendPacer? Bulk, int Used, DateTimeOffset LastUsed) Take()
        {
            lock (_gate)
            {
                var used = _used;
                _used = 0;
                return (_bulk, used, _lastUsed);
            }
        }

        public void Beaten(DateTimeOffset now)
        {
            lock (_gate)
            {
                Counted = true;
                _lastBeat = now;
            }
        }

        /// <summary>The interactive share: none needed (alone), or this share on this instance's own pacer.</summary>
        public void Share(int? share, DateTimeOffset riseAt, Func<SendPacer> create)
        {
            lock (_gate)
            {
                if (share is not { } value)
                {
                    Interactive = null;
                }
                else if (Interactive is null)
                {
                    Interactive = create();
                }
                else
                {
                    Interactive.SetShare(value, riseAt);
                }
            }
        }

        /// <summary>
        /// A beat failed: when this instance's row is about to expire (its last good beat before <paramref name="expiredBefore"/>)
        /// the others will count it gone and take its share, so it keeps the least.
        /// </summary>
        public void Unshared(DateTimeOffset expiredBefore)
        {
            lock (_gate)
            {
                if (Counted && _lastBeat < expiredBefore)
                {
                    (_bulk ?? Interactive)?.SetShare(1, DateTimeOffset.MinValue);
                }
            }
        }
    }
}

/// <summary>
/// In the connector pipeline of interactive traffic (inside the retry handler, so every attempt counts): a request
/// tagged with its tenant (<see cref="ConnectorRequestTags"/>) waits for an interactive slot of the tenant's budget when
/// this instance has one, and gives it back when the answer comes; a 429 slows the tenant's bulk too. A person is waiting
/// for it, so it waits at most <see cref="MaxWait"/> (real time, well inside the attempt's timeout): when even interactive
/// traffic alone is over the limits (one conversation flooded with messages), it goes without a slot and Teams' own 429
/// and the retry handler pace it, rather than the attempt timing out in the queue.
/// </summary>
internal sealed class TenantBudgetHandler(TenantBudgets budgets, SendMetrics metrics) : DelegatingHandler
{
    /// <summary>The longest an interactive request waits for a slot before it goes anyway.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(ConnectorRequestTags.Tenant, out var tenantId))
        {
            budgets.Used(tenantId);
        }

        if (tenantId is null
            || budgets.Of(tenantId) is not { } pacer
            || !request.Options.TryGetValue(ConnectorRequestTags.Conversation, out var conversation))
        {
            var answer = await base.SendAsync(request, cancellationToken);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                metrics.Throttled(bulk: false);
            }

            return answer;
        }

        SendSlot? slot = null;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(MaxWait);
            try
            {
                slot = await pacer.WaitAsync(conversation, wait.Token, interactive: true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Waited long enough: sent without a slot (see the summary).
            }
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                metrics.Throttled(bulk: false);
                metrics.Paused();
                pacer.Throttled(RetryAfterHeader.Read(response));
            }

            return response;
        }
        finally
        {
            if (slot is not null)
            {
                pacer.Answered(slot);
            }
        }
    }
}
