using System.Collections.Frozen;

namespace CxBot.Protocol.Routing;

/// <summary>
/// Sends each activity to exactly one handler: by type; typed commands; card verbs (Execute and Submit alike);
/// install, uninstall and other events (where every feature's handler runs, in registration order). Unknown verbs get a friendly error, unknown invokes 501, anything else is ignored (200).
/// </summary>
internal sealed class ActivityRouter
{
    public const string UnknownVerbCode = "unknownAction";
    public const string UnknownVerbMessage = "Sorry, this button no longer works here. Type \"help\" to see what I can do.";

    private readonly FrozenDictionary<string, TurnHandler> _verbs, _invokes;
    private readonly FrozenDictionary<string, TurnHandler[]> _installs, _uninstalls, _activities;
    private readonly (string Command, TurnHandler Handler)[] _commands;
    private readonly TurnHandler? _unmatchedText;
    private readonly ILogger<ActivityRouter> _logger;

    public ActivityRouter(IEnumerable<IBotRoutes> modules, ILogger<ActivityRouter> logger)
    {
        var builder = new BotRouteBuilder();
        foreach (var module in modules)
        {
            module.Map(builder);
        }

        _commands = [.. builder.Commands.OrderByDescending(c => c.Key.Length).Select(c => (c.Key, c.Value))];
        _verbs = builder.Freeze(builder.Verbs);
        _invokes = builder.Freeze(builder.Invokes);
        _installs = BotRouteBuilder.Freeze(builder.Installs);
        _uninstalls = BotRouteBuilder.Freeze(builder.Uninstalls);
        _activities = BotRouteBuilder.Freeze(builder.Activities);
        _unmatchedText = builder.UnmatchedText;
        _logger = logger;
    }

    /// <summary>Runs the matching handler; for an invoke, returns the answer (501 when nothing matched).</summary>
    public async Task<InvokeResponse?> RouteAsync(TurnContext turn)
    {
        var activity = turn.Activity;
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await RouteMessageAsync(turn);
                return null;
            case ActivityTypes.Invoke:
                return await RouteInvokeAsync(turn);
            case ActivityTypes.InstallationUpdate:
                var table = activity.Action is InstallationActions.Remove or InstallationActions.RemoveUpgrade ? _uninstalls : _installs;
                await RunAllAsync(table, activity.Conversation?.ConversationType, turn);
                return null;
            default:
                await RunAllAsync(_activities, activity.Type, turn);
                return null;
        }
    }

    private async Task RouteMessageAsync(TurnContext turn)
    {
        if (turn.Verb is { } verb)
        {
            if (_verbs.TryGetValue(verb, out var handler))
            {
                await handler(turn);
            }
            else
            {
                Log.UnknownVerb(_logger, verb.Length);
                await turn.ReplyAsync(UnknownVerbMessage);
            }

            return;
        }

        var text = turn.Text;
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (FindCommand(text) is { } command)
        {
            await command.Handler(turn);
            return;
        }

        if (_unmatchedText is not null)
        {
            await _unmatchedText(turn);
        }
    }

    /// <summary>Every typed command that has a handler (what the Teams manifest's command lists may offer).</summary>
    public IReadOnlyList<string> Commands => [.. _commands.Select(c => c.Command)];

    /// <summary>The command that typed <paramref name="text"/> runs, or null when it would fall to unmatched text.</summary>
    public string? MatchCommand(string text) => FindCommand(text)?.Command;

    // Longest command first; it must be followed by the end of the text or by white space.
    private (string Command, TurnHandler Handler)? FindCommand(string text)
    {
        foreach (var entry in _commands)
        {
            if (text.StartsWith(entry.Command, StringComparison.OrdinalIgnoreCase) && (text.Length == entry.Command.Length || char.IsWhiteSpace(text[entry.Command.Length])))
            {
                return entry;
            }
        }

        return null;
    }

    private async Task<InvokeResponse> RouteInvokeAsync(TurnContext turn)
    {
        var name = turn.Activity.Name ?? "";
        TurnHandler? handler;
        if (name == InvokeNames.AdaptiveCardAction)
        {
            var verb = turn.Verb;
            if (verb is null || !_verbs.TryGetValue(verb, out handler))
            {
                Log.UnknownVerb(_logger, verb?.Length ?? 0);
                return InvokeResponse.Error(400, UnknownVerbCode, UnknownVerbMessage);
            }
        }
        else if (!_invokes.TryGetValue(name, out handler))
        {
            return new InvokeResponse(StatusCodes.Status501NotImplemented, null);
        }

        await handler(turn);
        return turn.InvokeResponse ?? new InvokeResponse(StatusCodes.Status200OK, null);
    }

    private static async Task RunAllAsync(FrozenDictionary<string, TurnHandler[]> table, string? key, TurnContext turn)
    {
        if (key is not null && table.TryGetValue(key, out var handlers))
        {
            foreach (var handler in handlers)
            {
                await handler(turn);
            }
        }
    }
}
