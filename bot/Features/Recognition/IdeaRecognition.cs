using System.Security.Cryptography;
using System.Text;
using CxBot.Cards;
using CxBot.Features.Ideas;
using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Protocol.References;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Recognition;

/// <summary>
/// The ideas feature's hook: an implemented idea becomes a shout-out to its author from the manager who decided, delivered
/// like any other (channel, author, author's manager), and the manager is told what was delivered. Keyed by the idea, so a
/// redelivered decision stores and sends nothing twice.
/// </summary>
internal sealed class IdeaRecognition(
    ShoutOutStore store, Delivery delivery, RecognitionPeople names, IPeopleDirectory people, IProactiveSender sender, IOptions<RecognitionOptions> options, TimeProvider time, ILogger<IdeaRecognition> logger)
    : IIdeaRecognition
{
    public static readonly Behaviour IdeaImplemented = new("i:idea-implemented", "Idea implemented", "💡");

    public async Task IdeaImplementedAsync(IdeaImplemented implemented, CancellationToken cancellationToken)
    {
        var (submitter, decider) = (GiveRules.PersonId(implemented.SubmitterId), GiveRules.PersonId(implemented.DeciderId));
        if (string.Equals(submitter, decider, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var book = await names.BookAsync(implemented.TenantId, [submitter, decider], cancellationToken);
        var message = CardText.Clip("Your idea was implemented: " + implemented.Summary, options.Value.MessageMaxLength)!;
        var shoutOut = new ShoutOut(
            IdOf(implemented),
            implemented.TenantId,
            decider,
            RecognitionPeople.NameOf(book, decider, implemented.DeciderName),
            [new Recipient(submitter, RecognitionPeople.NameOf(book, submitter, implemented.SubmitterName))],
            IdeaImplemented,
            message,
            time.GetUtcNow(),
            0);
        if (!await store.TryAddAsync(shoutOut, cancellationToken))
        {
            Log.GiveDuplicate(logger);
            return;
        }

        Log.Given(logger, 1);
        var report = await delivery.DeliverAsync(shoutOut, null, cancellationToken);
        var reach = await people.GetReachAsync(implemented.TenantId, decider, cancellationToken);
        if (reach is { CanSend: true, Target: not null })
        {
            var text = DeliveryText.Summary(report);
            await sender.SendProactiveAsync(reach, new Activity { Type = ActivityTypes.Message, Text = text, Summary = text }, cancellationToken);
        }
    }

    /// <summary>The shout-out's id: the same for every call about one idea.</summary>
    public static string IdOf(IdeaImplemented implemented) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"idea|{implemented.TenantId}|{implemented.IdeaId}")))[..32];

    /// <summary>Registers this hook in place of the ideas feature's default, whichever feature is added first.</summary>
    public static void Register(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IIdeaRecognition, IdeaRecognition>());
}
