using Stopwatch = System.Diagnostics.Stopwatch;
using CxBot.Protocol;
using CxBot.Protocol.Routing;
using CxBot.Protocol.Sending;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Testing;

/// <summary>
/// The app's <see cref="IOutbox"/>, but the turn waits (up to <see cref="Wait"/>) until the send engine has delivered what
/// it queued, so a test that posts an install finds the welcome already sent, as it was when welcomes were immediate
/// replies, and nothing arrives later in the middle of the next step. The queue, the pacing and the delivery are the app's
/// own; only the moment the install is answered moves. Tests of the queue itself (an install storm) turn it off with
/// <see cref="BotApp.AnswerAfterQueuedSends"/>. A test that replaced <see cref="ISendJobs"/> with its own, or the clock
/// with a manual one, gets the message as an immediate reply.
/// </summary>
public sealed class DeliveredOutbox(IOutbox inner, ISendJobs jobs, TimeProvider time) : IOutbox
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public async Task<SendJobStatus?> QueueReplyAsync(TurnContext turn, string kind, Activity activity)
    {
        if (jobs.GetType().Assembly != typeof(IOutbox).Assembly || time != TimeProvider.System)
        {
            // The test replaced the send engine with its own, or the clock with a manual one (on which the engine would
            // never send, and its pacer would hold every reply): the message goes at once as a reply, as before welcomes were queued.
            await turn.SendAsync(activity);
            return null;
        }

        var job = await inner.QueueReplyAsync(turn, kind, activity);
        var waited = Stopwatch.StartNew();
        var status = job;
        while (status is { Done: false } && waited.Elapsed < Wait)
        {
            await Task.Delay(10, CancellationToken.None);
            status = await jobs.GetAsync(job!.TenantId, job.JobId, CancellationToken.None);
        }

        return job;
    }

    /// <summary>Puts one in front of the app's own outbox.</summary>
    public static void Register(IServiceCollection services)
    {
        var own = services.Last(d => d.ServiceType == typeof(IOutbox));
        services.Remove(own);
        services.AddSingleton<IOutbox>(sp => new DeliveredOutbox(
            (IOutbox)ActivatorUtilities.CreateInstance(sp, own.ImplementationType!),
            sp.GetRequiredService<ISendJobs>(),
            sp.GetRequiredService<TimeProvider>()));
    }
}
