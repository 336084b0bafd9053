using System.Diagnostics.Metrics;
using CxBot.Protocol;

namespace CxBot.Features.Scorecards;

/// <summary>
/// The scorecards' instruments: delivery runs (one a tenant a look) by outcome, cards posted, and rollup refresh runs
/// (one a look that took the rollup lease) by outcome.
/// </summary>
internal sealed class ScorecardMetrics
{
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _posted;
    private readonly Counter<long> _rollups;

    public ScorecardMetrics(IMeterFactory meters)
    {
        var meter = BotMeter.Of(meters);
        _deliveries = meter.CreateCounter<long>("cxbot.scorecards.delivery.runs", "{run}", "A tenant's weekly scorecard delivery looked at, by outcome (ok, failed).");
        _posted = meter.CreateCounter<long>("cxbot.scorecards.posted", "{card}", "Scorecards posted to leadership channels.");
        _rollups = meter.CreateCounter<long>("cxbot.scorecards.rollup.runs", "{run}", "Rollup refreshes of every tenant's current and previous week, by outcome (ok, failed).");
    }

    public void Delivery(bool ok, int posted)
    {
        _deliveries.Add(1, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));
        if (posted > 0)
        {
            _posted.Add(posted);
        }
    }

    public void Rollup(bool ok) => _rollups.Add(1, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));
}
