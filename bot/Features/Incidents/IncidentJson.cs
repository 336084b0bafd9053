using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxBot.Features.Incidents;

/// <summary>How an incident is written in its table row.</summary>
internal static class IncidentJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Write(Incident incident) => JsonSerializer.Serialize(incident, Options);

    public static Incident Read(string json) => JsonSerializer.Deserialize<Incident>(json, Options) ?? throw new JsonException("An incident row holds null.");
}
