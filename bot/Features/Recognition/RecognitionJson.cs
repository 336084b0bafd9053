using System.Text.Json.Serialization;

namespace CxBot.Features.Recognition;

/// <summary>Source-generated JSON for the columns the recognition rows keep as JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<Recipient>))]
[JsonSerializable(typeof(Behaviour))]
internal sealed partial class RecognitionJson : JsonSerializerContext;
