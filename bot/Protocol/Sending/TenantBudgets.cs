using System.Collections.Concurrent;
using System.Net;
using CxBot.Http;
using CxBot.Protocol.Connector;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The tenants' sending budgets on this instance: while this instance holds a tenant's send lease, that run's
/// <see cref="SendPacer"/> is the tenant's budget, and every other request this instance makes to the tenant's connector
/// (replies, card updates, conversations created, proactive sends, background reports) draws from it as interactive
/// traffic, ahead of the bulk. Another instance's requests for the tenant are not seen here: a 429 they cause slows the
/// bulk all the same (see docs/architecture.md, Sending).
/// </summary>
internal sealed class TenantBudgets
{
    private readonly ConcurrentDictionary<string, SendPacer> _pacers = new(StringComparer.Ordinal);

    /// <summary>The tenant's budget while this instance sends its bulk, else null.</summary>
    public SendPacer? Of(string tenantId) => _pacers.GetValueOrDefault(tenantId);

    public void Attach(string tenantId, SendPacer pacer) => _pacers[tenantId] = pacer;

    public void Detach(string tenantId, SendPacer pacer) => _pacers.TryRemove(new KeyValuePair<string, SendPacer>(tenantId, pacer));
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
        if (!request.Options.TryGetValue(ConnectorRequestTags.Tenant, out var tenant)
            || budgets.Of(tenant) is not { } pacer
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
