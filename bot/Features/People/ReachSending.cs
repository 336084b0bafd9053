using CxBot.Protocol;
using CxBot.Protocol.References;

namespace CxBot.Features.People;

/// <summary>Sending to a person the directory found reachable.</summary>
internal static class ReachSending
{
    /// <summary>Sends to the reference the answer carries (no second read), else to its target.</summary>
    public static Task<ProactiveResult> SendProactiveAsync(this IProactiveSender sender, ReachAnswer reach, Activity activity, CancellationToken cancellationToken) =>
        reach.Reference is { } reference
            ? sender.SendProactiveAsync(reference, activity, cancellationToken)
            : sender.SendProactiveAsync(reach.Target ?? throw new ArgumentException("The person cannot be reached.", nameof(reach)), activity, cancellationToken);
}
