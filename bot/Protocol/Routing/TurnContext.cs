using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Protocol.Connector;

namespace CxBot.Protocol.Routing;

/// <summary>A handler's view of one inbound activity: who sent it, how to reply, how to answer an invoke, and the request's cancellation.</summary>
public sealed class TurnContext
{
    private readonly IConnectorClient _connector;
    private readonly Action<BackgroundWork> _runAfterResponse;

    internal TurnContext(Activity activity, IConnectorClient connector, Action<BackgroundWork> runAfterResponse, CancellationToken cancellationToken)
    {
        Activity = activity;
        _connector = connector;
        _runAfterResponse = runAfterResponse;
        CancellationToken = cancellationToken;
    }

    /// <summary>The inbound activity.</summary>
    public Activity Activity { get; }

    /// <summary>The user's tenant.</summary>
    public string? TenantId => Activity.TenantId();

    /// <summary>The user's Entra ID object id.</summary>
    public string? UserAadObjectId => Activity.From?.AadObjectId is { Length: > 0 } id ? AadObjectIds.Normalise(id) : null;

    private string? _text;

    /// <summary>
    /// The text with the bot's mention removed, trimmed; when a command was read forgivingly, or run from a button, the command
    /// in its own words followed by what came after it ("team ideas accepted").
    /// </summary>
    public string? Text => _text ?? Activity.TextWithoutMentions();

    /// <summary>For unmatched text that was close to a command: that command with what followed it, to offer as "did you mean".</summary>
    public string? SuggestedCommand { get; internal set; }

    internal void UseText(string text) => _text = text;

    /// <summary>The card action's verb, if this is one.</summary>
    public string? Verb => Activity.CardVerb();

    /// <summary>The card action's data (inputs included), if this is one. Never trust it: validate it.</summary>
    public JsonElement? CardData => Activity.CardData();

    /// <summary>Cancelled when the request is aborted.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The invoke's answer, set by <see cref="Respond"/>.</summary>
    public InvokeResponse? InvokeResponse { get; private set; }

    /// <summary>Sets the answer to an invoke (ignored for other activities).</summary>
    public void Respond(InvokeResponse response) => InvokeResponse = response;

    /// <summary>Sends an activity into this conversation.</summary>
    public Task<ConnectorResult<ResourceResponse>> SendAsync(Activity activity) =>
        _connector.SendToConversationAsync(Activity.ServiceUrl ?? "", Activity.Conversation?.Id ?? "", activity, CancellationToken);

    /// <summary>Replies with text.</summary>
    public Task<ConnectorResult<ResourceResponse>> ReplyAsync(string text) => SendAsync(Activity.CreateReply(text));

    /// <summary>Replies with an Adaptive Card.</summary>
    public Task<ConnectorResult<ResourceResponse>> ReplyWithCardAsync(JsonObject card) => SendAsync(Activity.CreateReply().WithCard(card));

    /// <summary>Shows a card: an invoke (<c>Action.Execute</c>) gets it as its answer, a message (<c>Action.Submit</c>, typed text) as a new reply.</summary>
    public async Task ShowCardAsync(JsonObject card)
    {
        if (Activity.Type == ActivityTypes.Invoke)
        {
            Respond(InvokeResponse.Card(card));
        }
        else
        {
            await ReplyWithCardAsync(card);
        }
    }

    /// <summary>Tells the user something short: an invoke gets it as a toast, a message as a text reply.</summary>
    public async Task TellAsync(string text)
    {
        if (Activity.Type == ActivityTypes.Invoke)
        {
            Respond(InvokeResponse.Message(text));
        }
        else
        {
            await ReplyAsync(text);
        }
    }

    /// <summary>
    /// Queues slow work (anything over about 2 s) to start once the HTTP answer is sent, under its own timeout rather than the
    /// request's; it reports back through <see cref="BackgroundTurn"/>. <paramref name="name"/> is for logs (no user text).
    /// </summary>
    public void RunInBackground(string name, Func<BackgroundTurn, CancellationToken, Task> work) =>
        _runAfterResponse(new BackgroundWork(name, ConversationTarget.From(Activity), work));
}
