using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CxBot.Protocol.Routing;

/// <summary>
/// Turns: <c>cxbot.turns</c> counts each routed activity and <c>cxbot.turn.duration</c> times it, both tagged with its
/// <c>kind</c> (<see cref="TurnKinds"/>) and <c>outcome</c> (<see cref="TurnOutcomes"/>).
/// </summary>
internal sealed class TurnMetrics
{
    // ASP.NET Core's buckets for http.server.request.duration, in seconds (the SDK's default ones are for milliseconds).
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] };

    private readonly Counter<long> _turns;
    private readonly Histogram<double> _duration;

    public TurnMetrics(IMeterFactory meters)
    {
        var meter = BotMeter.Of(meters);
        _turns = meter.CreateCounter<long>("cxbot.turns", "{turn}", "Activities routed, by kind and outcome.");
        _duration = meter.CreateHistogram<double>("cxbot.turn.duration", "s", "How long a turn took to route and answer, by kind and outcome.", tags: null, advice: Seconds);
    }

    /// <summary>Records a turn that started at <paramref name="started"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Turn(Activity activity, string outcome, long started)
    {
        var tags = new TagList { { "kind", TurnKinds.Of(activity) }, { "outcome", outcome } };
        _turns.Add(1, tags);
        _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }
}

/// <summary>The <c>kind</c> tag of a turn.</summary>
internal static class TurnKinds
{
    public const string Message = "message";
    public const string CardAction = "card_action";
    public const string Invoke = "invoke";
    public const string Install = "install";
    public const string Uninstall = "uninstall";
    public const string Other = "other";

    public static string Of(Activity activity) => activity.Type switch
    {
        ActivityTypes.Message => activity.Value is null ? Message : CardAction,
        ActivityTypes.Invoke => activity.Name == InvokeNames.AdaptiveCardAction ? CardAction : Invoke,
        ActivityTypes.InstallationUpdate => activity.Action is InstallationActions.Remove or InstallationActions.RemoveUpgrade ? Uninstall : Install,
        _ => Other,
    };
}

/// <summary>The <c>outcome</c> tag of a turn.</summary>
internal static class TurnOutcomes
{
    /// <summary>Routed and answered.</summary>
    public const string Ok = "ok";

    /// <summary>Storage failed: the person was asked to try again.</summary>
    public const string StorageUnavailable = "storage_unavailable";

    /// <summary>The connector refused the reply (retries spent).</summary>
    public const string ReplyFailed = "reply_failed";

    /// <summary>The caller went away (Teams closed the request) before the turn finished.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Anything else thrown out of the handler (a bug: a 500).</summary>
    public const string Error = "error";
}
