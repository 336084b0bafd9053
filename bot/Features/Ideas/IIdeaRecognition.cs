namespace CxBot.Features.Ideas;

/// <summary>An idea was implemented: its author is to be recognised, attributed to the manager who decided.</summary>
internal sealed record IdeaImplemented(string TenantId, string TeamId, string IdeaId, string SubmitterId, string? SubmitterName, string DeciderId, string? DeciderName, string Summary);

/// <summary>
/// The hook the recognition feature implements (a shout-out to the submitter, attributed to the deciding manager). Until it lands,
/// <see cref="NoIdeaRecognition"/> is registered and nothing is sent: no stand-in recognition.
/// </summary>
internal interface IIdeaRecognition
{
    /// <summary>Called once per idea, after the implemented decision is saved. Must be idempotent: a redelivered decision calls it again.</summary>
    Task IdeaImplementedAsync(IdeaImplemented implemented, CancellationToken cancellationToken);
}

/// <summary>The default until the recognition feature registers its own: recognises nobody.</summary>
internal sealed class NoIdeaRecognition : IIdeaRecognition
{
    public Task IdeaImplementedAsync(IdeaImplemented implemented, CancellationToken cancellationToken) => Task.CompletedTask;
}
