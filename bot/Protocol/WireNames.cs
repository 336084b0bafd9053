namespace CxBot.Protocol;

/// <summary>Activity types the router knows.</summary>
public static class ActivityTypes
{
    /// <summary>Typed text or an <c>Action.Submit</c>.</summary>
    public const string Message = "message";

    /// <summary>A request that expects a response body.</summary>
    public const string Invoke = "invoke";

    /// <summary>App installed or removed.</summary>
    public const string InstallationUpdate = "installationUpdate";

    /// <summary>Members, channels or team changed.</summary>
    public const string ConversationUpdate = "conversationUpdate";

    /// <summary>A reaction on a message.</summary>
    public const string MessageReaction = "messageReaction";

    /// <summary>The bot is typing.</summary>
    public const string Typing = "typing";
}

/// <summary>Invoke names.</summary>
public static class InvokeNames
{
    /// <summary><c>Action.Execute</c> (Universal Actions).</summary>
    public const string AdaptiveCardAction = "adaptiveCard/action";
}

/// <summary>Installation actions.</summary>
public static class InstallationActions
{
    /// <summary>Installed.</summary>
    public const string Add = "add";

    /// <summary>Removed.</summary>
    public const string Remove = "remove";

    /// <summary>Installed after an upgrade.</summary>
    public const string AddUpgrade = "add-upgrade";

    /// <summary>Removed during an upgrade.</summary>
    public const string RemoveUpgrade = "remove-upgrade";
}

/// <summary>Conversation types.</summary>
public static class ConversationTypes
{
    /// <summary>A 1:1 chat with the bot.</summary>
    public const string Personal = "personal";

    /// <summary>A group chat.</summary>
    public const string GroupChat = "groupChat";

    /// <summary>A team channel.</summary>
    public const string Channel = "channel";
}

/// <summary>Content types of attachments and invoke responses.</summary>
public static class ContentTypes
{
    /// <summary>An Adaptive Card.</summary>
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";

    /// <summary>A toast message answering an invoke.</summary>
    public const string ActivityMessage = "application/vnd.microsoft.activity.message";

    /// <summary>An error answering an invoke.</summary>
    public const string Error = "application/vnd.microsoft.error";
}

/// <summary>Channel ids.</summary>
public static class ChannelIds
{
    /// <summary>Microsoft Teams.</summary>
    public const string MsTeams = "msteams";
}
