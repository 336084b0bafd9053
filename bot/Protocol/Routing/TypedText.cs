namespace CxBot.Protocol.Routing;

/// <summary>
/// Typed text reduced to the words that can name a command, forgivingly: case, punctuation, hyphens and apostrophes,
/// plurals and US/UK spellings are folded away, so "My Check-ins!" and "my checkin" read alike. Only the start of a message is
/// read (<see cref="MaxWords"/> words), in one pass, so any text up to the message cap is cheap; nothing is evaluated.
/// </summary>
internal sealed class TypedText
{
    /// <summary>The most words read from the start of a message: commands and their polite wrappers are short.</summary>
    public const int MaxWords = 24;

    private readonly List<Word> _words;

    private TypedText(string original, List<Word> words)
    {
        Original = original;
        _words = words;
    }

    public string Original { get; }

    /// <summary>The folded words, in order.</summary>
    public IReadOnlyList<Word> Words => _words;

    /// <summary>A word: its folded form, and where it sits in the original text.</summary>
    public readonly record struct Word(string Key, int Start, int End);

    /// <summary>Reads the first <see cref="MaxWords"/> words of <paramref name="text"/>.</summary>
    public static TypedText Read(string text)
    {
        var words = new List<Word>();
        var current = new System.Text.StringBuilder();
        var start = -1;
        for (var i = 0; i < text.Length && words.Count < MaxWords; i++)
        {
            var c = text[i];
            if (c == '&' && EntityLength(text, i) is > 0 and var entity)
            {
                // An HTML entity some Teams clients put in typed text ("&nbsp;help") is a space.
                if (start >= 0)
                {
                    words.Add(new Word(Fold(current.ToString()), start, i));
                    current.Clear();
                    start = -1;
                }

                i += entity - 1;
            }
            else if (char.IsLetterOrDigit(c))
            {
                start = start < 0 ? i : start;
                current.Append(char.ToLowerInvariant(c));
            }
            else if (start >= 0 && c is '\'' or '’' or '-' or '‐' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))
            {
                // Inside a word: "check-ins" is "checkins", "I'd" is "id".
            }
            else if (start >= 0)
            {
                words.Add(new Word(Fold(current.ToString()), start, i));
                current.Clear();
                start = -1;
            }
        }

        if (start >= 0 && words.Count < MaxWords)
        {
            words.Add(new Word(Fold(current.ToString()), start, text.Length));
        }

        return new TypedText(text, words);
    }

    /// <summary>The length of an HTML entity (<c>&amp;nbsp;</c>, <c>&amp;#160;</c>) starting at <paramref name="at"/>, or 0.</summary>
    private static int EntityLength(string text, int at)
    {
        for (var i = at + 1; i < text.Length && i <= at + 8; i++)
        {
            if (text[i] == ';')
            {
                return i > at + 1 ? i - at + 1 : 0;
            }

            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] != '#')
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>The folded words from <paramref name="from"/> on, run together ("check ins" and "checkins" both give "checkin").</summary>
    public string Compact(int from, int count)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = from; i < from + count && i < _words.Count; i++)
        {
            builder.Append(_words[i].Key);
        }

        return builder.ToString();
    }

    /// <summary>The original text after word <paramref name="index"/> (exclusive), without the punctuation that led into it (": ", " - ").</summary>
    public string RestAfter(int index)
    {
        var from = index < 0 ? 0 : _words[index].End;
        var rest = Original.AsSpan(from).TrimStart(" \t\r\n:;,.-–—!?".AsSpan());
        return rest.TrimEnd().ToString();
    }

    /// <summary>Lowercase letters and digits of one word, with US spellings and plurals folded to one form.</summary>
    public static string Fold(string word)
    {
        var w = word.Replace("iz", "is", StringComparison.Ordinal).Replace("yz", "ys", StringComparison.Ordinal);
        if (w.Length > 4 && w.EndsWith("our", StringComparison.Ordinal))
        {
            w = w[..^3] + "or";
        }

        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^3] + "y";
        }

        return w.Length > 2 && w[^1] == 's' && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal)
            ? w[..^1]
            : w;
    }

    /// <summary>
    /// The edit distance between <paramref name="a"/> and <paramref name="b"/> counting a swap of two neighbours as one edit
    /// (optimal string alignment), or <paramref name="max"/> + 1 as soon as it must exceed <paramref name="max"/>. Callers keep
    /// both short, so this is a few hundred steps at most.
    /// </summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var row = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            row[0] = i;
            var best = row[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, row[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, previous2[j - 2] + 1);
                }

                row[j] = d;
                best = Math.Min(best, d);
            }

            if (best > max)
            {
                return max + 1;
            }

            (previous2, previous, row) = (previous, row, previous2);
        }

        return Math.Min(previous[b.Length], max + 1);
    }
}
