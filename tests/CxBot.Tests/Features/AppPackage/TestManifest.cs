using System.Text.Json.Nodes;
using CxBot.Features.AppPackage;
using CxBot.Testing;

namespace CxBot.Tests.Features.AppPackage;

/// <summary>The repository's manifest template and a set of test values to fill it with.</summary>
internal static class TestManifest
{
    public static readonly AppPackageSettings Settings = new(
        Guid.Parse("3f2a9c1e-7b4d-4e8a-9c2f-1d5e6b7a8c90"),
        Guid.Parse("0d6c4b2a-1e3f-4a5b-8c7d-9e0f1a2b3c4d"),
        "cxbot-test.azurewebsites.net",
        "1.4.2",
        "Contoso Retail",
        new Uri("https://contoso.example/cxbot"),
        new Uri("https://contoso.example/privacy"),
        new Uri("https://contoso.example/terms"),
        ProactiveInstall: false);

    public static JsonObject Template() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "manifest", "manifest.template.json")))!.AsObject();

    public static JsonObject Filled(bool proactiveInstall = false) =>
        ManifestTemplate.Fill(Template(), Settings.Placeholders, proactiveInstall);
}
