using System.Text.Json.Nodes;
using CxBot.Cards;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Tests.Cards;

/// <summary>The C# binder's output for every sample, through the real <see cref="CardTemplates"/> loader.</summary>
internal static class Bound
{
    /// <summary>The templates in <c>cards/</c>.</summary>
    public static readonly CardTemplates Real = new(CardSamples.CardsDirectory, [], NullLogger<CardTemplates>.Instance);

    /// <summary>The test-only samples.</summary>
    public static readonly CardTemplates Samples = new(CardSamples.SamplesDirectory, [], NullLogger<CardTemplates>.Instance);

    /// <summary>Binds a sample by its <see cref="CardSamples.All"/> name.</summary>
    /// <exception cref="CardTemplateException">The binder fails, as the JS library may too.</exception>
    public static JsonObject Card(string name)
    {
        var sample = CardSamples.All[name];
        var data = sample.Data.DeepClone();
        return name switch
        {
            _ when name.StartsWith("samples/", StringComparison.Ordinal) => Samples.Bind(name["samples/".Length..], data),
            _ when name.StartsWith("hostile/", StringComparison.Ordinal) => Real.Bind(name["hostile/".Length..], data),
            _ => Real.Bind(name, data),
        };
    }

    public static IReadOnlyCollection<string> RealNames => Real.Names;
}
