using System.Collections.Frozen;

namespace CxBot.Protocol.Routing;

/// <summary>
/// Sends each activity to exactly one handler: by type; typed commands and phrases, read forgivingly (<see cref="TypedCommands"/>);
/// card verbs (Execute and Submit alike), and <see cref="TypedCommandVerb"/>, a button that runs a command as if it were typed;
/// install, uninstall and other events (where every feature's handler runs, in registration order). Unknown verbs get a friendly error, unknown invokes 501, anything else is ignored (200).
/// </summary>
internal sealed class ActivityRouter
{
    public const string UnknownVerbCode = "unknownAction";
    public const string UnknownVerbMessage = "Sorry, this button no longer works here. Type \"help\" to see what I can do.";

    /// <summary>A card action that runs a typed command: its data's <see cref="TypedCommandField"/> is read as if the user typed it.</summary>
    public const string TypedCommandVerb = "command.run";

    /// <summary>The field of <see cref="TypedCommandVerb"/>'s data holding the command.</summary>
    public const string TypedCommandField = "command";

    private const int MaxButtonCommand = 600;

    private readonly FrozenDictionary<string, TurnHandler> _verbs, _invokes;
    private readonly FrozenDictionary<string, TurnHandler[]> _installs, _uninstalls, _activities;
    private readonly (string Command, TurnHandler Handler, bool Listed)[] _commands;
    private readonly TypedCommands _typed;
    private readonly TurnHandler? _unmatchedText;
    private readonly ILogger<ActivityRouter> _logger;

    public ActivityRouter(IEnumerable<IBotRoutes> modules, ILogger<ActivityRouter> logger)
    {
        var builder = new BotRouteBuilder();
        foreach (var module in modules)
        {
            module.Map(builder);
        }

        _commands = [.. builder.Commands.Select(c => (c.Key, c.Value, true)).Concat(builder.Phrases.Select(p => (p.Key, p.Value, false))).OrderByDescending(c => c.Key.Length)];

        // A near miss of "incident" suggests "log incident": the longest command that runs the same handler.
        // A phrase that runs no command's handler (a greeting) is never suggested.
        _typed = new TypedCommands(_commands.Select(c => (c.Command, _commands.Where(o => o.Listed && o.Handler.Equals(c.Handler)).Select(o => o.Command).OrderByDescending(o => o.Length).FirstOrDefault())));
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
            if (string.Equals(verb, TypedCommandVerb, StringComparison.OrdinalIgnoreCase))
            {
                await RunButtonCommandAsync(turn);
            }
            else if (_verbs.TryGetValue(verb, out var handler))
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
            // A bare @mention (or a message of only an attachment); a card action without a verb is nobody's.
            if (turn.Activity.Value is null && _unmatchedText is not null)
            {
                await _unmatchedText(turn);
            }

            return;
        }

        await RouteTextAsync(turn, text);
    }

    private async Task RouteTextAsync(TurnContext turn, string text)
    {
        if (FindCommand(text) is { } command)
        {
            // "log incident please": the polite words are no argument.
            if (text.Length > command.Command.Length && TypedCommands.IsOnlyWrappers(text[command.Command.Length..]))
            {
                turn.UseText(command.Command);
            }

            await command.Handler(turn);
            return;
        }

        var match = _typed.Match(text);
        if (match.Kind == TypedMatchKind.Command && FindCommand(match.Command) is { } forgiven)
        {
            Log.TypedCommandForgiven(_logger, text.Length);
            turn.UseText(match.Text);
            await forgiven.Handler(turn);
            return;
        }

        if (match.Kind == TypedMatchKind.Suggestion)
        {
            turn.SuggestedCommand = match.Text;
        }

        if (_unmatchedText is not null)
        {
            await _unmatchedText(turn);
        }
    }

    // The button's command is only ever something the user could have typed: it runs through the same routes and role checks.
    private async Task RunButtonCommandAsync(TurnContext turn)
    {
        var data = turn.CardData;
        var command = data is { ValueKind: System.Text.Json.JsonValueKind.Object } d && d.TryGetProperty(TypedCommandField, out var c) && c.ValueKind == System.Text.Json.JsonValueKind.String
            ? c.GetString()?.Trim()
            : null;
        if (string.IsNullOrEmpty(command) || command.Length > MaxButtonCommand)
        {
            Log.UnknownVerb(_logger, command?.Length ?? 0);
            await turn.TellAsync(UnknownVerbMessage);
            return;
        }

        turn.UseText(command);
        await RouteTextAsync(turn, command);
    }

    /// <summary>Every typed command that has a handler (what the Teams manifest's command lists may offer); phrases are not listed.</summary>
    public IReadOnlyList<string> Commands => [.. _commands.Where(c => c.Listed).Select(c => c.Command)];

    /// <summary>The command or phrase that typed <paramref name="text"/> runs (read forgivingly), or null when it would fall to unmatched text.</summary>
    public string? MatchCommand(string text) =>
        FindCommand(text)?.Command ?? (_typed.Match(text) is { Kind: TypedMatchKind.Command } m ? m.Command : null);

    // Longest command first; it must be followed by the end of the text or by white space.
    private (string Command, TurnHandler Handler, bool Listed)? FindCommand(string text)
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
        if (name == InvokeNames.AdaptiveCardAction && string.Equals(turn.Verb, TypedCommandVerb, StringComparison.OrdinalIgnoreCase))
        {
            await RunButtonCommandAsync(turn);
            return turn.InvokeResponse ?? new InvokeResponse(StatusCodes.Status200OK, null);
        }

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
