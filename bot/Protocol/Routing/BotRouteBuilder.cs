using System.Collections.Frozen;

namespace CxBot.Protocol.Routing;

/// <summary>Handles one turn.</summary>
public delegate Task TurnHandler(TurnContext turn);

/// <summary>A feature's routes; every registered implementation maps its own at start-up.</summary>
public interface IBotRoutes
{
    /// <summary>Adds this feature's routes.</summary>
    void Map(BotRouteBuilder routes);
}

/// <summary>Collects routes; a second route for the same key throws, so a clash stops the app at start-up.</summary>
public sealed class BotRouteBuilder
{
    internal Dictionary<string, TurnHandler> Commands { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal Dictionary<string, TurnHandler> Phrases { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal Dictionary<string, TurnHandler> Verbs { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal Dictionary<string, TurnHandler> Invokes { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, List<TurnHandler>> Installs { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal Dictionary<string, List<TurnHandler>> Uninstalls { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal Dictionary<string, List<TurnHandler>> Activities { get; } = new(StringComparer.Ordinal);

    internal TurnHandler? UnmatchedText { get; private set; }

    /// <summary>
    /// Typed text whose first words are <paramref name="command"/> (case-insensitive, mention stripped; forgivingly read, see
    /// <see cref="TypedCommands"/>). Commands are what Teams' command menu offers (the manifest lists each one).
    /// </summary>
    public BotRouteBuilder OnCommand(string command, TurnHandler handler) =>
        Phrases.ContainsKey(command.Trim()) ? throw Duplicate("command", command) : Add(Commands, "command", command.Trim(), handler);

    /// <summary>
    /// Typed words matched like a command but not offered in Teams' command menu, and never suggested for a typo: greetings,
    /// thanks, and other ways of saying a command ("incident" for "log incident").
    /// </summary>
    public BotRouteBuilder OnPhrase(string phrase, TurnHandler handler) =>
        Commands.ContainsKey(phrase.Trim()) ? throw Duplicate("phrase", phrase) : Add(Phrases, "phrase", phrase.Trim(), handler);

    /// <summary>A card action by verb: <c>Action.Execute</c> and <c>Action.Submit</c> (with <c>verb</c> in its data) both land here.</summary>
    public BotRouteBuilder OnVerb(string verb, TurnHandler handler) => Add(Verbs, "verb", verb, handler);

    /// <summary>Another invoke by name.</summary>
    public BotRouteBuilder OnInvoke(string name, TurnHandler handler) =>
        name == InvokeNames.AdaptiveCardAction ? throw new InvalidOperationException("Route card actions with OnVerb.") : Add(Invokes, "invoke", name, handler);

    /// <summary>
    /// The app was installed in a conversation of this type (personal, groupChat, channel). Several features may react to
    /// one install: their handlers run one after another, in registration order.
    /// </summary>
    public BotRouteBuilder OnInstall(string conversationType, TurnHandler handler) => Observe(Installs, conversationType, handler);

    /// <summary>The app was removed from a conversation of this type; like installs, every feature's handler runs, in order.</summary>
    public BotRouteBuilder OnUninstall(string conversationType, TurnHandler handler) => Observe(Uninstalls, conversationType, handler);

    /// <summary>
    /// Any other activity type (conversationUpdate, messageReaction…). These are events several features may observe
    /// (setup keeps team members, the people directory keeps rosters): every handler runs, in registration order.
    /// </summary>
    public BotRouteBuilder OnActivity(string type, TurnHandler handler) =>
        type is ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.InstallationUpdate
            ? throw new InvalidOperationException($"Route '{type}' activities with the specific methods.")
            : Observe(Activities, type, handler);

    /// <summary>
    /// Typed text no command or phrase matched, a message with no text (a bare @mention), or a near miss
    /// (<see cref="TurnContext.SuggestedCommand"/> is then set).
    /// </summary>
    public BotRouteBuilder OnUnmatchedText(TurnHandler handler)
    {
        if (UnmatchedText is not null)
        {
            throw new InvalidOperationException("Duplicate route: unmatched text already has a handler.");
        }

        UnmatchedText = handler;
        return this;
    }

    private BotRouteBuilder Add(Dictionary<string, TurnHandler> table, string kind, string key, TurnHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(handler);
        if (!table.TryAdd(key, handler))
        {
            throw Duplicate(kind, key);
        }

        return this;
    }

    private static InvalidOperationException Duplicate(string kind, string key) => new($"Duplicate route: {kind} '{key}' already has a handler.");

    private BotRouteBuilder Observe(Dictionary<string, List<TurnHandler>> table, string key, TurnHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(handler);
        if (!table.TryGetValue(key, out var handlers))
        {
            table[key] = handlers = [];
        }

        handlers.Add(handler);
        return this;
    }

    internal static FrozenDictionary<string, TurnHandler[]> Freeze(Dictionary<string, List<TurnHandler>> table) =>
        table.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), table.Comparer);

    internal FrozenDictionary<string, TurnHandler> Freeze(Dictionary<string, TurnHandler> table) => table.ToFrozenDictionary(table.Comparer);
}
