namespace CxBot.Protocol.References;

/// <summary>Keeps references current from inbound activities: saved on install and on every activity, retired on uninstall or when the bot is removed.</summary>
internal sealed class ReferenceRecorder(ConversationReferenceStore store, ILogger<ReferenceRecorder> logger)
{
    public async Task ObserveAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (TargetOf(activity) is not { } target || activity.ServiceUrl is null)
        {
            return;
        }

        try
        {
            if (IsRemoval(activity))
            {
                await store.RetireAsync(target, "uninstalled", cancellationToken);
                Log.ReferenceRetired(logger, target.Kind.ToString(), "uninstalled");
            }
            else
            {
                await store.SaveAsync(ToReference(target, activity), cancellationToken);
            }
        }
        catch (CxBot.Storage.TableStorageException ex)
        {
            // The turn still gets its answer; the reference is written again on the next activity.
            Log.ReferenceWriteFailed(logger, ex.Status, ex.ErrorCode);
        }
    }

    public static ProactiveTarget? TargetOf(Activity activity)
    {
        var tenant = activity.TenantId();
        if (tenant is null || activity.Conversation is null)
        {
            return null;
        }

        if (activity.Conversation.ConversationType == ConversationTypes.Personal)
        {
            var user = activity.From?.AadObjectId ?? activity.From?.Id;
            return user is null ? null : ProactiveTarget.User(tenant, user);
        }

        return activity.BaseConversationId() is { } id ? ProactiveTarget.Conversation(tenant, id) : null;
    }

    private static bool IsRemoval(Activity activity) =>
        (activity.Type == ActivityTypes.InstallationUpdate && activity.Action is InstallationActions.Remove)
        || (activity.Type == ActivityTypes.ConversationUpdate && activity.Recipient?.Id is { } bot && activity.MembersRemoved?.Any(m => m.Id == bot) == true);

    private static ConversationReference ToReference(ProactiveTarget target, Activity activity) => new(
        target,
        activity.ServiceUrl!,
        activity.BaseConversationId()!,
        activity.ChannelId,
        activity.Recipient?.Id,
        target.Kind == ProactiveTargetKind.User ? activity.From?.Id : null,
        activity.ChannelData?.Team?.Id,
        Retired: false);
}
