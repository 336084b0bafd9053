using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CxBot.Testing;

namespace CxBot.Tests.Docs;

/// <summary>
/// Every link and image in README.md and docs/**/*.md leads somewhere: a relative path names a file or folder of the
/// repository, an anchor names a heading of its target (GitHub's slugs), and an http(s) link is a well-formed absolute URL
/// (nothing is fetched). The README stays short.
/// </summary>
public sealed partial class DocLinksTests
{
    private const int ReadmeMaxLines = 200;

    [Fact]
    public void Docs_EveryRelativeLinkAndAnchor_Resolves()
    {
        var pages = DocPages().ToList();

        var problems = pages.SelectMany(page => BrokenLinks(page, File.ReadAllText(page))).ToList();

        Assert.True(pages.Count > 5, $"Expected README.md and the docs/ pages, found {pages.Count} files.");
        Assert.True(problems.Count == 0, "Links that lead nowhere:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Readme_LineCount_UnderTwoHundred()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md")).Length;

        Assert.True(lines < ReadmeMaxLines, $"README.md has {lines} lines; keep it under {ReadmeMaxLines} and move detail to docs/.");
    }

    [Fact]
    public void CardsPage_EveryTemplate_ShownWithItsPicture()
    {
        var cards = Path.Combine(RepoPaths.Root, "cards");
        var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "cards.md"));
        var templates = Directory.EnumerateFiles(cards, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(cards, f).Replace('\\', '/')[..^".json".Length])
            .ToList();

        var missing = templates.Where(t => !page.Contains($"](cards/{t.Replace('/', '-')}.png)", StringComparison.Ordinal)).ToList();

        Assert.True(templates.Count > 20, $"Expected the card templates under cards/, found {templates.Count}.");
        Assert.True(missing.Count == 0, "Not shown on docs/cards.md (render them with tests/cards-js/render-gallery.js): " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("7. The first admin", "7-the-first-admin")]
    [InlineData("Table storage (`bot/Storage/`)", "table-storage-botstorage")]
    [InlineData("Talking to CxBot (`bot/Features/Welcome/`, `cards/welcome/`)", "talking-to-cxbot-botfeatureswelcome-cardswelcome")]
    [InlineData("Sending (`-- sending`, about 8 min)", "sending----sending-about-8-min")]
    [InlineData("People: names, picking, reaching, and keeping the promise", "people-names-picking-reaching-and-keeping-the-promise")]
    [InlineData("Check-ins and [scorecards](scorecards.md) 💚", "check-ins-and-scorecards-")]
    [InlineData("snake_case **bold**", "snake_case-bold")]
    public void Slug_GitHubRules_LowercaseHyphensNoPunctuation(string heading, string expected)
    {
        Assert.Equal(expected, Slug(heading));
    }

    [Fact]
    public void BrokenLinks_MissingFileAnchorOrBadUrl_EachReported()
    {
        var page = Path.Combine(RepoPaths.Root, "docs", "example.md");
        var markdown = """
            # Example page
            ## Second part
            [ok](../README.md) [ok too](#second-part) [folder](../cards) ![image](cards/help-help.png) [web](https://example.com/a?b=c#d)
            [missing file](nowhere.md) [missing anchor](#third-part) [missing anchor elsewhere](../README.md#no-such-heading)
            [bad url](https://exa^mple.com) ![missing image](cards/none.png)
            `[in code](nowhere.md)`
            ```
            [in a fence](nowhere.md)
            ```
            """;

        var problems = BrokenLinks(page, markdown).ToList();

        Assert.True(problems.Count == 5, string.Join("\n", problems));
        Assert.Contains(problems, p => p.Contains("nowhere.md", StringComparison.Ordinal) && p.Contains("no such file", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("#third-part", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("#no-such-heading", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("exa^mple.com", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("cards/none.png", StringComparison.Ordinal));
    }

    private static IEnumerable<string> DocPages()
    {
        yield return Path.Combine(RepoPaths.Root, "README.md");
        foreach (var page in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return page;
        }
    }

    /// <summary>One line per link of <paramref name="markdown"/> (the text of <paramref name="page"/>) that leads nowhere.</summary>
    private static IEnumerable<string> BrokenLinks(string page, string markdown)
    {
        var name = Path.GetRelativePath(RepoPaths.Root, page).Replace('\\', '/');
        var lines = WithoutCode(markdown).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match link in LinkPattern().Matches(lines[i]))
            {
                var target = link.Groups["target"].Value;
                if (Problem(page, markdown, target) is { } problem)
                {
                    yield return $"{name}:{i + 1}: ({target}) {problem}";
                }
            }
        }
    }

    private static string? Problem(string page, string markdown, string target)
    {
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Host.Length > 0
                ? null
                : "is not a well-formed absolute URL";
        }

        if (target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (target.Contains(':', StringComparison.Ordinal))
        {
            return "is neither a relative path nor an http(s) URL";
        }

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];

        if (path.Length == 0)
        {
            return Anchors(markdown).Contains(anchor ?? "") ? null : $"no heading with the anchor #{anchor} on this page";
        }

        var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, path));
        if (!File.Exists(file) && !Directory.Exists(file))
        {
            return "no such file";
        }

        if (anchor is null)
        {
            return null;
        }

        if (!file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !File.Exists(file))
        {
            return "has an anchor but is not a Markdown file";
        }

        return Anchors(File.ReadAllText(file)).Contains(anchor) ? null : $"no heading with the anchor #{anchor} in {Path.GetFileName(file)}";
    }

    /// <summary>The anchors GitHub gives the headings of a page: each heading's slug, repeats suffixed -1, -2…</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in WithoutFences(markdown).Split('\n'))
        {
            var heading = HeadingPattern().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : string.Create(CultureInfo.InvariantCulture, $"{slug}-{count}"));
        }

        return anchors;
    }

    /// <summary>GitHub's heading slug: the text of links kept, lowercase, letters, digits, spaces, '-' and '_' kept, spaces to '-'.</summary>
    private static string Slug(string heading)
    {
        var text = InlineLinkPattern().Replace(heading.Trim(), "${text}");
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    /// <summary>The page with fenced blocks blanked (line numbers kept) and inline code spans emptied.</summary>
    private static string WithoutCode(string markdown) => CodeSpanPattern().Replace(WithoutFences(markdown), "``");

    private static string WithoutFences(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (fence || inFence)
            {
                lines[i] = "";
            }

            if (fence)
            {
                inFence = !inFence;
            }
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\((?<target>[^()\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\[(?<text>[^\[\]]*)\]\([^()]*\)")]
    private static partial Regex InlineLinkPattern();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"`[^`\n]+`")]
    private static partial Regex CodeSpanPattern();
}
