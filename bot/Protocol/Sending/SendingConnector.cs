using CxBot.Protocol.Connector;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The connector client the engine posts with: same client, but on an HTTP pipeline without the retry handler, so a 429
/// or 503 comes straight back to the engine, which pauses the whole tenant or reschedules the recipient itself instead
/// of one request sleeping inside Polly while the pacer sends others.
/// </summary>
internal sealed class SendingConnector(IConnectorClient client)
{
    public const string HttpClientName = "CxBot.Connector.Sending";

    public IConnectorClient Client { get; } = client;
}
