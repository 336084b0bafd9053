namespace CxBot.Protocol.Routing;

/// <summary>
/// Sees every inbound activity that passed authentication and checks, before it is routed (while its conversation reference
/// is recorded, and alongside the other observers: an observer must not rely on their writes). For facts carried by every
/// activity, such as who sent it; an observer handles its own storage faults, since the turn still gets its answer.
/// </summary>
public interface IActivityObserver
{
    /// <summary>Takes note of <paramref name="activity"/>.</summary>
    Task ObserveAsync(Activity activity, CancellationToken cancellationToken);
}
