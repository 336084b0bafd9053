namespace CxBot.Tests.Cards;

/// <summary>A throw-away templates folder for loading tests.</summary>
internal sealed class TemplateFolder : IDisposable
{
    public TemplateFolder(params (string Name, string Json)[] templates)
    {
        Directory.CreateDirectory(Path);
        foreach (var (name, json) in templates)
        {
            var file = FileOf(name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, json);
        }
    }

    public const string Valid = """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"${title}"}]}""";

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cxbot-cards-" + Guid.NewGuid().ToString("N"));

    public string FileOf(string name) => System.IO.Path.Combine(Path, name + ".json");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
