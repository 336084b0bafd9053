using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace CxBot.Cards;

/// <summary>The card templates in <c>cards/</c>, loaded and checked once at start-up, bound to data on demand.</summary>
public sealed class CardTemplates
{
    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly FrozenDictionary<string, TemplateNode> _templates;
    private readonly ILogger<CardTemplates> _logger;

    /// <summary>Loads every <c>*.json</c> under <paramref name="directory"/> except the <c>*.data.json</c> samples.</summary>
    /// <exception cref="CardTemplateException">The folder or a required template is missing, or a template is not valid; the message names the file.</exception>
    internal CardTemplates(string directory, IEnumerable<string> required, ILogger<CardTemplates> logger)
    {
        _logger = logger;
        _templates = TemplateLoader.Load(directory, logger).ToFrozenDictionary(StringComparer.Ordinal);
        if (required.FirstOrDefault(n => !_templates.ContainsKey(n)) is { } missing)
        {
            throw new CardTemplateException($"Card template '{missing}' is missing: expected {Path.Combine(directory, missing + ".json")}");
        }

        Names = _templates.Keys.Order(StringComparer.Ordinal).ToList();
        Log.TemplatesLoaded(logger, _templates.Count, directory);
    }

    /// <summary>The template names, <c>"&lt;folder&gt;/&lt;file without .json&gt;"</c>, e.g. <c>welcome/personal</c>.</summary>
    public IReadOnlyCollection<string> Names { get; }

    /// <summary>
    /// Binds a template to data serialized with System.Text.Json (camelCase, nulls left out, enums as camelCase strings).
    /// An expression with no value (or one that fails) never shows as <c>${…}</c>: the element that needed it is left out of
    /// the card, and the template and expression (never the data) are logged as a warning.
    /// </summary>
    /// <param name="name">The template name, e.g. <c>welcome/personal</c>.</param>
    /// <param name="data">The card data; strings in it are never evaluated, whatever they contain.</param>
    /// <exception cref="CardTemplateException">There is no such template, or the template does not make one card object.</exception>
    public JsonObject Bind(string name, object? data)
    {
        if (!_templates.TryGetValue(name, out var template))
        {
            throw new CardTemplateException($"There is no card template '{name}'.");
        }

        var node = data as JsonNode ?? JsonSerializer.SerializeToNode(data, DataOptions);
        var unbound = new List<string>();
        var card = Binder.Bind(template, node, unbound) as JsonObject;
        foreach (var expression in unbound.Distinct(StringComparer.Ordinal))
        {
            Log.ValueMissing(_logger, name, expression);
        }

        return card ?? throw new CardTemplateException($"Card template '{name}' did not produce a single card object.");
    }
}
