namespace CxBot.Testing;

/// <summary>Finds the repository's folders from wherever a test or benchmark runs.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds CxBot.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The local npm tools' folder.</summary>
    public static string NodeModules => Path.Combine(Root, "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CxBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find CxBot.sln above " + AppContext.BaseDirectory);
    }
}
