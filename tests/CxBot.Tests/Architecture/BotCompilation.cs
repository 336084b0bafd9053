using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CxBot.Tests.Architecture;

/// <summary>
/// The bot's sources compiled by Roslyn as the build compiles them: every <c>bot/**/*.cs</c>, the SDK's global usings, the bot's
/// package DLLs (its build output), the shared frameworks, and the source generators the bot relies on (logging, JSON, regex), so
/// that every name binds to its symbol. Built once per test run.
/// </summary>
internal sealed class BotCompilation
{
    private static readonly Lazy<BotCompilation> Instance = new(Build);

    private BotCompilation(string root, CSharpCompilation compilation, IReadOnlyList<SyntaxTree> sources)
    {
        Root = root;
        Compilation = compilation;
        Sources = sources;
    }

    /// <summary>The repository's root (where <c>CxBot.sln</c> is).</summary>
    public string Root { get; }

    /// <summary>The compilation, generated sources included.</summary>
    public CSharpCompilation Compilation { get; }

    /// <summary>The bot's own source files (not the generated ones).</summary>
    public IReadOnlyList<SyntaxTree> Sources { get; }

    public static BotCompilation Get() => Instance.Value;

    /// <summary>The path of a source file relative to the repository, with forward slashes (<c>bot/Protocol/Activity.cs</c>).</summary>
    public string RelativePath(SyntaxTree tree) => Path.GetRelativePath(Root, tree.FilePath).Replace('\\', '/');

    private static BotCompilation Build()
    {
        var root = FindRoot();
        var bot = Path.Combine(root, "bot");

        // The test runs from tests/CxBot.Tests/bin/<Configuration>/<tfm>/: the bot was built beside it, same configuration.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (configuration, framework) = (output.Parent!.Name, output.Name);
        var botOutput = Path.Combine(bot, "bin", configuration, framework);
        var globalUsings = Path.Combine(bot, "obj", configuration, framework, "CxBot.GlobalUsings.g.cs");
        Assert.True(Directory.Exists(botOutput), $"The bot's build output is missing: {botOutput} (build the solution first).");
        Assert.True(File.Exists(globalUsings), $"The bot's global usings are missing: {globalUsings} (build the solution first).");

        var parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var files = Directory.EnumerateFiles(bot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, Path.Combine(bot, "obj")) && !IsUnder(f, Path.Combine(bot, "bin")))
            .Order(StringComparer.Ordinal)
            .ToList();
        var sources = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        var usings = CSharpSyntaxTree.ParseText(File.ReadAllText(globalUsings), parse, globalUsings);

        var compilation = CSharpCompilation.Create(
            "CxBot",
            [.. sources, usings],
            References(botOutput),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var driver = CSharpGeneratorDriver.Create(Generators(), parseOptions: parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        return new BotCompilation(root, (CSharpCompilation)generated, sources);
    }

    /// <summary>The targeting packs' reference assemblies (.NET and ASP.NET Core, as the build uses) and the bot's package DLLs (not the bot itself).</summary>
    private static List<MetadataReference> References(string botOutput)
    {
        var framework = new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" }
            .SelectMany(pack => Directory.EnumerateFiles(Path.Combine(PackPath(pack), "ref", $"net{Environment.Version.Major}.0"), "*.dll"));
        var packages = Directory.EnumerateFiles(botOutput, "*.dll")
            .Where(p => !string.Equals(Path.GetFileName(p), "CxBot.dll", StringComparison.OrdinalIgnoreCase))
            .ToList();

        // A package can ship a newer copy of a framework assembly (OpenTelemetry's System.Diagnostics.DiagnosticSource): the
        // build then uses the package's, so the framework's is left out here too (both would make every type ambiguous).
        var shipped = packages.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. framework.Where(f => !shipped.Contains(Path.GetFileName(f))).Concat(packages).Select(p => MetadataReference.CreateFromFile(p))];
    }

    /// <summary>The SDK's source generators the bot's code needs to compile: <c>[LoggerMessage]</c>, <c>[JsonSerializable]</c>, <c>[GeneratedRegex]</c>.</summary>
    private static ImmutableArray<ISourceGenerator> Generators()
    {
        var wanted = new[]
        {
            ("Microsoft.NETCore.App.Ref", "System.Text.Json.SourceGeneration.dll"),
            ("Microsoft.NETCore.App.Ref", "System.Text.RegularExpressions.Generator.dll"),
            ("Microsoft.AspNetCore.App.Ref", "Microsoft.Extensions.Logging.Generators.dll"),
        };
        var loader = new Loader();
        return [.. wanted.SelectMany(w =>
        {
            var path = Path.Combine(PackPath(w.Item1), "analyzers", "dotnet", "cs", w.Item2);
            Assert.True(File.Exists(path), $"The source generator {path} is missing.");
            return new AnalyzerFileReference(path, loader).GetGenerators(LanguageNames.CSharp);
        })];
    }

    /// <summary>A targeting pack of the running framework's version (else the newest installed) under the running dotnet.</summary>
    private static string PackPath(string pack)
    {
        var dotnet = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packs = Path.Combine(dotnet, "packs", pack);
        Assert.True(Directory.Exists(packs), $"No {pack} targeting pack under {dotnet}.");
        var versions = Directory.GetDirectories(packs).Select(Path.GetFileName).OfType<string>().ToList();
        var version = versions.Contains(Environment.Version.ToString(3), StringComparer.Ordinal)
            ? Environment.Version.ToString(3)
            : versions.OrderBy(v => Version.TryParse(v, out var parsed) ? parsed : new Version()).Last();
        return Path.Combine(packs, version);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CxBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CxBot.sln not found above " + AppContext.BaseDirectory);
    }

    private static bool IsUnder(string file, string dir) => file.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
