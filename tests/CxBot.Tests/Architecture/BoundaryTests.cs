using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CxBot.Tests.Architecture;

/// <summary>
/// The layers, checked by the compiler: every name in <c>bot/</c> is bound to its symbol by Roslyn, and
/// (1) plumbing (<c>Protocol</c>, <c>Storage</c>, <c>Cards</c>, <c>Graph</c>, and <c>Http</c> under them) uses no feature and no
/// <c>Hosting</c>, and only the plumbing below it; (2) a feature uses another feature only through the small contracts that
/// feature offers (listed here, one entry per providing feature).
/// </summary>
public sealed class BoundaryTests
{
    /// <summary>The plumbing folders of <c>bot/</c> and the other plumbing each may use.</summary>
    private static readonly Dictionary<string, string[]> Plumbing = new(StringComparer.Ordinal)
    {
        ["Http"] = [],
        ["Storage"] = [],
        ["Cards"] = [],
        ["Graph"] = ["Http"],
        ["Protocol"] = ["Http", "Storage", "Cards"],
    };

    /// <summary>
    /// What each feature offers the others: the only types of <c>CxBot.Features.&lt;X&gt;</c> another feature may name or use
    /// (members count as a use of their type). Interfaces and records where possible; keep each list to what is used.
    /// </summary>
    private static readonly Dictionary<string, string[]> Contracts = new(StringComparer.Ordinal)
    {
        // The organisation every feature works in: who is calling and what they may do, the tenant's setup and its parts.
        ["Setup"] =
        [
            "CxBot.Features.Setup.SetupService", "CxBot.Features.Setup.SetupRoles", "CxBot.Features.Setup.Caller",
            "CxBot.Features.Setup.TenantSetup", "CxBot.Features.Setup.Organisation", "CxBot.Features.Setup.TeamSetup",
            "CxBot.Features.Setup.TeamMember", "CxBot.Features.Setup.TeamRole", "CxBot.Features.Setup.Touchpoint",
            "CxBot.Features.Setup.Standard", "CxBot.Features.Setup.StandardKind", "CxBot.Features.Setup.Direction",
            "CxBot.Features.Setup.MeasureRange", "CxBot.Features.Setup.LeadershipChannel", "CxBot.Features.Setup.SetupRules",
            "CxBot.Features.Setup.IAdminAttention", "CxBot.Features.Setup.CardInput", "CxBot.Features.Setup.SetupNames",
            "CxBot.Features.Setup.ISetupIndex", "CxBot.Features.Setup.TenantTeam",
        ],

        // The people directory: names, managers, placements, reach.
        ["People"] =
        [
            "CxBot.Features.People.IPeopleNames", "CxBot.Features.People.NameBook", "CxBot.Features.People.PersonFacts",
            "CxBot.Features.People.PickLists", "CxBot.Features.People.IPeopleDirectory", "CxBot.Features.People.Person",
            "CxBot.Features.People.ManagerAnswer", "CxBot.Features.People.PlacementAnswer", "CxBot.Features.People.TeamPlacement",
            "CxBot.Features.People.ReachAnswer", "CxBot.Features.People.ReachSending", "CxBot.Features.People.PeopleReasons",
        ],

        // The hooks Incidents and Recognition implement for ideas, the scorecards' read contract, and the command names.
        ["Ideas"] =
        [
            "CxBot.Features.Ideas.IIdeaIncidents", "CxBot.Features.Ideas.IIdeaRecognition", "CxBot.Features.Ideas.IdeaImplemented",
            "CxBot.Features.Ideas.IIdeaResults", "CxBot.Features.Ideas.IdeaRecord", "CxBot.Features.Ideas.IdeaStatus",
            "CxBot.Features.Ideas.IdeaDecision", "CxBot.Features.Ideas.IdeaNames",
        ],

        ["Checkins"] =
        [
            "CxBot.Features.Checkins.ICheckinResults", "CxBot.Features.Checkins.CheckinWeek", "CxBot.Features.Checkins.ValueTotal",
            "CxBot.Features.Checkins.CheckinAnswer", "CxBot.Features.Checkins.CheckinDelivery", "CxBot.Features.Checkins.NotReachedPerson",
            "CxBot.Features.Checkins.NotReachedReason", "CxBot.Features.Checkins.NotReachedReasons", "CxBot.Features.Checkins.CheckinNames",
        ],

        ["Measures"] = ["CxBot.Features.Measures.IMeasureResults", "CxBot.Features.Measures.RecordedMeasure", "CxBot.Features.Measures.MeasureNames"],

        // The customers' answers the scorecards read (a week's tally, and each answer for verify), and the command names (the home card's Customer survey button).
        ["CustomerVoice"] = ["CxBot.Features.CustomerVoice.ICustomerVoiceResults", "CxBot.Features.CustomerVoice.CustomerVoiceWeek", "CxBot.Features.CustomerVoice.CustomerScores", "CxBot.Features.CustomerVoice.ScoreTally", "CxBot.Features.CustomerVoice.CustomerVoiceNames"],

        // The scorecards' read contract (an incident as it stood at an instant) and the command names.
        ["Incidents"] =
        [
            "CxBot.Features.Incidents.IIncidentWeeks", "CxBot.Features.Incidents.IncidentTimeline", "CxBot.Features.Incidents.IncidentAsOf",
            "CxBot.Features.Incidents.IncidentWords", "CxBot.Features.Incidents.IncidentNames",
            "CxBot.Features.Incidents.IIncidentForm", "CxBot.Features.Incidents.IncidentPrefill",
        ],

        // The scorecards' read contract (shout-outs given) and the command names.
        ["Recognition"] =
        [
            "CxBot.Features.Recognition.IShoutOutFacts", "CxBot.Features.Recognition.ShoutOutRecord", "CxBot.Features.Recognition.Recipient",
            "CxBot.Features.Recognition.RecognitionNames",
        ],

        // Command names (the welcome menu, the check-in card's shortcuts).
        ["Scorecards"] = ["CxBot.Features.Scorecards.ScorecardNames"],
    };

    private static readonly Lazy<IReadOnlyList<Use>> AllUses = new(() => [.. Uses(BotCompilation.Get())]);

    [Fact]
    public void Compilation_OfTheBot_HasNoErrors()
    {
        // Without this the semantic model could bind nothing and every rule below would pass for the wrong reason.
        var compilation = BotCompilation.Get();
        var errors = compilation.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).ToList();

        Assert.True(errors.Count == 0, "The bot does not compile in the test (references or generators missing):\n" + string.Join("\n", errors));
        Assert.True(compilation.Sources.Count > 200, $"Only {compilation.Sources.Count} source files found under bot/.");
    }

    [Fact]
    public void Plumbing_UsesNoFeatureNoHostingAndOnlyThePlumbingBelowIt()
    {
        var checkedUses = 0;
        var violations = new List<string>();
        foreach (var use in AllUses.Value)
        {
            if (FolderOf(use.File) is not { } folder || !Plumbing.TryGetValue(folder, out var allowed))
            {
                continue;
            }

            checkedUses++;
            var (layer, feature) = LayerOf(use.Type);
            var ok = layer == folder || (Plumbing.ContainsKey(layer) && allowed.Contains(layer, StringComparer.Ordinal));
            if (!ok)
            {
                var what = layer == "Features" ? $"the {feature} feature" : layer;
                violations.Add($"{use.File}:{use.Line}: {folder} uses {Name(use.Type)} ({what}); plumbing may use only {string.Join(", ", [folder, .. allowed])}");
            }
        }

        Assert.True(checkedUses > 1000, $"Only {checkedUses} uses checked in plumbing files.");
        Assert.True(violations.Count == 0, "Plumbing reaches up or sideways:\n" + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void Features_UseOtherFeaturesOnlyThroughTheirContracts()
    {
        var violations = new List<string>();
        foreach (var use in AllUses.Value)
        {
            if (FeatureOfFile(use.File) is not { } user || LayerOf(use.Type) is not ("Features", { } provider) || provider == user)
            {
                continue;
            }

            var name = Name(use.Type);
            if (!Allowed(user, provider, name))
            {
                violations.Add($"{use.File}:{use.Line}: {user} uses {name}, which {provider} does not offer as a contract");
            }
        }

        Assert.True(violations.Count == 0,
            "A feature reaches into another's internals (use an interface the other feature offers, and list it in BoundaryTests.Contracts):\n"
            + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void Contracts_EveryListedTypeExistsAndIsUsed()
    {
        // Keeps the lists as small as the code: an entry nobody needs any more is removed, not kept "just in case".
        var crossings = AllUses.Value
            .Where(u => FeatureOfFile(u.File) is { } user && LayerOf(u.Type) is ("Features", { } provider) && provider != user)
            .Select(u => (User: FeatureOfFile(u.File)!, Type: Name(u.Type)))
            .ToHashSet();
        var problems = new List<string>();
        foreach (var (provider, types) in Contracts)
        {
            foreach (var type in types)
            {
                if (!type.StartsWith($"CxBot.Features.{provider}.", StringComparison.Ordinal) || BotCompilation.Get().Compilation.GetTypeByMetadataName(type) is null)
                {
                    problems.Add($"Contracts[{provider}]: {type} is not a type of {provider}");
                }
                else if (!crossings.Any(c => c.Type == type))
                {
                    problems.Add($"Contracts[{provider}]: no other feature uses {type}: remove it");
                }
            }
        }

        Assert.True(problems.Count == 0, "The contract lists are out of date:\n" + string.Join("\n", problems));
    }

    private static bool Allowed(string user, string provider, string type) =>
        Contracts.TryGetValue(provider, out var offered) && offered.Contains(type, StringComparer.Ordinal);

    /// <summary>Every use of a type of the bot in a source file of the bot: a name that binds to the type, or to one of its members.</summary>
    private static IEnumerable<Use> Uses(BotCompilation compilation)
    {
        foreach (var tree in compilation.Sources)
        {
            var file = compilation.RelativePath(tree);
            var model = compilation.Compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var info = model.GetSymbolInfo(name);
                if (TypeOf(info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is { IsAnonymousType: false } type
                    && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Compilation.Assembly))
                {
                    yield return new Use(file, name.GetLocation().GetLineSpan().StartLinePosition.Line + 1, type);
                }
            }
        }
    }

    private static INamedTypeSymbol? TypeOf(ISymbol? symbol) => symbol switch
    {
        INamedTypeSymbol type => type.OriginalDefinition,
        IAliasSymbol alias => TypeOf(alias.Target),
        IMethodSymbol { MethodKind: MethodKind.ReducedExtension } method => method.ReducedFrom?.ContainingType,
        IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol => symbol.ContainingType?.OriginalDefinition,
        _ => null,
    };

    private static string Name(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));

    /// <summary>The layer of a type by its namespace: <c>Features</c> with the feature's name, a plumbing folder, <c>Hosting</c>, or "" (Program).</summary>
    private static (string Layer, string? Feature) LayerOf(INamedTypeSymbol type)
    {
        var parts = type.ContainingNamespace.ToDisplayString().Split('.');
        return parts switch
        {
            ["CxBot", "Features", var feature, ..] => ("Features", feature),
            ["CxBot", var layer, ..] => (layer, null),
            _ => ("", null),
        };
    }

    /// <summary>The folder under <c>bot/</c> a file is in (<c>Protocol</c> for <c>bot/Protocol/Auth/X.cs</c>), or null for <c>bot/Program.cs</c>.</summary>
    private static string? FolderOf(string file) => file.Split('/') is ["bot", var folder, _, ..] ? folder : null;

    private static string? FeatureOfFile(string file) => file.Split('/') is ["bot", "Features", var feature, _, ..] ? feature : null;

    private sealed record Use(string File, int Line, INamedTypeSymbol Type);
}
