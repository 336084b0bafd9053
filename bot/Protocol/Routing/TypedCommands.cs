namespace CxBot.Protocol.Routing;

/// <summary>
/// Finds the command typed text names, forgivingly (<see cref="TypedText"/>): polite wrappers ("can I", "please show the"),
/// greetings in front of a command ("hi, log an incident") and articles are skipped; a command's words may be run together or
/// split ("check ins"); what follows the command is kept as its argument. A near miss (a small typo in a command) is not run but
/// offered as a suggestion. Edit distances are computed only on the few words at the start, so any text is answered quickly.
/// </summary>
internal sealed class TypedCommands
{
    private const int MaxFuzzyLength = 32;
    private const int MaxRest = 500;
    private const int MaxSuggestedRest = 80;

    // Words that wrap a request without changing it. They are plain conversation, not any feature's vocabulary.
    private static readonly string[][] Wrappers = [.. new[]
    {
        "please", "pls", "plz", "kindly", "ok", "okay", "so", "and", "now", "just", "hi", "hello", "hey", "cxbot", "bot",
        "can i", "could i", "may i", "can you", "could you", "would you", "will you", "can we", "i want to", "i wanna", "i would like to",
        "id like to", "i need to", "i want", "i would like", "id like", "i need", "let me", "lets", "how do i", "how to", "how can i",
        "show me", "show", "open", "give me", "get me", "see", "view", "check", "go to", "start", "new", "a", "an", "the", "to", "me",
        "thanks", "thank you", "thx", "for me", "for us",
    }.Select(w => w.Split(' ').Select(TypedText.Fold).ToArray())];

    private static readonly HashSet<string> Articles = new(["a", "an", "the", "my", "our", "new"], StringComparer.Ordinal);

    private readonly Entry[] _entries;

    /// <param name="commands">
    /// Each command's text, and the text a suggestion for it shows (its main form: "log incident" for "incident"), or null for
    /// words never worth a "did you mean" (greetings, thanks).
    /// </param>
    public TypedCommands(IEnumerable<(string Command, string? Suggested)> commands)
    {
        _entries = [.. commands
            .Select(c => new Entry(c.Command, c.Suggested, TypedText.Read(c.Command).Compact(0, TypedText.MaxWords), TypedText.Read(c.Command).Words.Count))
            .Where(e => e.Key.Length > 0)
            .OrderByDescending(e => e.Key.Length)];
    }

    /// <summary>What typed text names: a command (with the rest of the text), a suggestion, or nothing.</summary>
    public TypedMatch Match(string text)
    {
        var typed = TypedText.Read(text);
        if (typed.Words.Count == 0)
        {
            return TypedMatch.None;
        }

        // "hi, log an incident" is the command; "hi there" is the greeting.
        var from = SkipWrappers(typed);
        return Find(typed, from) ?? (from > 0 ? Find(typed, 0) : null) ?? Suggest(typed, from);
    }

    /// <summary>True when <paramref name="rest"/> (what followed a command) is only polite words ("please", "now thanks"): no argument.</summary>
    public static bool IsOnlyWrappers(string rest)
    {
        var typed = TypedText.Read(rest);
        var at = 0;
        while (at < typed.Words.Count)
        {
            var wrapper = Wrappers.FirstOrDefault(w => at + w.Length <= typed.Words.Count && Enumerable.Range(0, w.Length).All(i => typed.Words[at + i].Key == w[i]));
            if (wrapper is null)
            {
                return false;
            }

            at += wrapper.Length;
        }

        return true;
    }

    private TypedMatch? Find(TypedText typed, int from)
    {
        foreach (var entry in _entries)
        {
            var key = "";
            for (var i = from; i < typed.Words.Count && key.Length < entry.Key.Length; i++)
            {
                // "log an incident": an article between a command's words is no part of it.
                if (key.Length > 0 && Articles.Contains(typed.Words[i].Key))
                {
                    continue;
                }

                key += typed.Words[i].Key;
                if (key.Length == entry.Key.Length && string.Equals(key, entry.Key, StringComparison.Ordinal))
                {
                    var rest = typed.RestAfter(i);
                    return new TypedMatch(TypedMatchKind.Command, entry.Command, IsOnlyWrappers(rest) ? "" : Clip(rest));
                }
            }
        }

        return null;
    }

    private TypedMatch Suggest(TypedText typed, int from)
    {
        TypedMatch best = TypedMatch.None;
        var bestDistance = int.MaxValue;
        foreach (var entry in _entries)
        {
            var allowed = entry.Suggested is null ? 0 : entry.Key.Length switch { < 4 => 0, < 7 => 1, _ => 2 };
            if (allowed == 0)
            {
                continue;
            }

            for (var count = 1; count <= entry.Words + 1 && from + count <= typed.Words.Count; count++)
            {
                var candidate = typed.Compact(from, count);
                if (candidate.Length > MaxFuzzyLength)
                {
                    break;
                }

                if (candidate.Length < 3)
                {
                    continue;
                }

                var distance = TypedText.Distance(candidate, entry.Key, allowed);
                if (distance <= allowed && distance < bestDistance)
                {
                    bestDistance = distance;
                    // "leaderbord month" suggests "leaderboard month"; a long text after a typo is no argument worth repeating.
                    var rest = typed.RestAfter(from + count - 1);
                    best = new TypedMatch(TypedMatchKind.Suggestion, entry.Suggested!, rest.Length <= MaxSuggestedRest && !IsOnlyWrappers(rest) ? rest : "");
                }
            }
        }

        return best;
    }

    /// <summary>The index of the first word after any polite wrapper, keeping at least one word.</summary>
    private static int SkipWrappers(TypedText typed)
    {
        var from = 0;
        var moved = true;
        while (moved)
        {
            moved = false;
            foreach (var wrapper in Wrappers)
            {
                if (from + wrapper.Length < typed.Words.Count && Enumerable.Range(0, wrapper.Length).All(i => typed.Words[from + i].Key == wrapper[i]))
                {
                    from += wrapper.Length;
                    moved = true;
                    break;
                }
            }
        }

        return from;
    }

    private static string Clip(string rest) => rest.Length <= MaxRest ? rest : rest[..MaxRest];

    private sealed record Entry(string Command, string? Suggested, string Key, int Words);
}

/// <summary>How typed text was understood.</summary>
public enum TypedMatchKind
{
    /// <summary>Nothing close to a command.</summary>
    None,

    /// <summary>A command, forgivingly read; <see cref="TypedMatch.Rest"/> is what followed it.</summary>
    Command,

    /// <summary>Close to a command but not the same: worth a "did you mean".</summary>
    Suggestion,
}

/// <summary>A command found in typed text (or suggested for it), and the text that followed it, as typed.</summary>
public sealed record TypedMatch(TypedMatchKind Kind, string Command, string Rest)
{
    public static readonly TypedMatch None = new(TypedMatchKind.None, "", "");

    /// <summary>The command with its argument, as the command's handler reads it ("team ideas accepted").</summary>
    public string Text => Rest.Length == 0 ? Command : Command + " " + Rest;
}
