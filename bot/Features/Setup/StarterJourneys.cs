namespace CxBot.Features.Setup;

/// <summary>A ready-made journey an admin can start from and then edit.</summary>
internal sealed record StarterJourney(string Id, string Title, IReadOnlyList<Touchpoint> Touchpoints, IReadOnlyList<StarterStandard> Standards);

/// <summary>A standard of a starter journey: its target takes effect on the day the journey is picked.</summary>
internal sealed record StarterStandard(string Id, string TouchpointId, StandardKind Kind, string Name, string? Metric, string? Unit, Direction? Direction, bool HandRecorded, string? Question, string? StaffQuestion, double Target)
{
    public static StarterStandard Hard(string id, string touchpoint, string name, string metric, string unit, Direction direction, double target, bool byHand = false) =>
        new(id, touchpoint, StandardKind.Hard, name, metric, unit, direction, byHand, null, null, target);

    /// <summary>A soft standard: the customer's question, and the one staff answer in check-ins.</summary>
    public static StarterStandard Soft(string id, string touchpoint, string name, string question, string staffQuestion, double target) =>
        new(id, touchpoint, StandardKind.Soft, name, null, null, null, false, question, staffQuestion, target);

    public Standard ToStandard(DateOnly from) =>
        new(Id, TouchpointId, Kind, Name, Metric, Unit, Direction, HandRecorded, Question, [new TargetVersion(from, Target)], null) { StaffQuestion = StaffQuestion };
}

/// <summary>The three starter journeys: retail store, contact centre, delivery and field service.</summary>
internal static class StarterJourneys
{
    private const Direction Up = Direction.HigherIsBetter;
    private const Direction Down = Direction.LowerIsBetter;

    public static readonly IReadOnlyList<StarterJourney> All =
    [
        new("retail", "Retail store",
            [
                new("welcome", 1, "Welcome and browse", "The customer walks in and finds what they came for.", "sales"),
                new("advice", 2, "Advice and sale", "A colleague helps choose and the order is taken.", "sales"),
                new("checkout", 3, "Checkout", "Paying, with the customer's details captured.", "operations"),
                new("after-sales", 4, "After-sales and returns", "Returns, exchanges and complaints.", "customer service"),
            ],
            [
                StarterStandard.Soft("greeted", "welcome", "The customer was greeted warmly", "How welcome did you feel when you came in?", "How well did we greet customers today?", 4.5),
                StarterStandard.Hard("availability", "welcome", "Advertised products on the shelf", "share of advertised lines in stock at opening", "%", Up, 98, byHand: true),
                StarterStandard.Soft("listened-to", "advice", "The customer felt listened to", "How well did we listen to what you needed?", "How well did we listen to what customers needed today?", 4.5),
                StarterStandard.Hard("queue-time", "checkout", "Queue under 5 minutes", "share of customers served within 5 minutes", "%", Up, 90),
                StarterStandard.Hard("contact-captured", "checkout", "Customer contact number captured on every order", "share of orders with a contact number", "%", Up, 100),
                StarterStandard.Hard("refund-days", "after-sales", "Refunds paid quickly", "days from return to refund", "days", Down, 3),
            ]),
        new("contact-centre", "Contact centre",
            [
                new("reach", 1, "Reaching us", "The customer calls, chats or writes.", "customer service"),
                new("resolve", 2, "Resolution", "The question or problem is dealt with.", "customer service"),
                new("follow-up", 3, "Follow-up", "Promised call-backs and confirmations.", "operations"),
            ],
            [
                StarterStandard.Hard("answered-20s", "reach", "Calls answered within 20 seconds", "share of calls answered within 20 seconds", "%", Up, 80),
                StarterStandard.Hard("abandoned", "reach", "Few calls abandoned", "share of calls abandoned", "%", Down, 5),
                StarterStandard.Hard("first-contact-resolution", "resolve", "First-contact resolution", "share of contacts resolved without a repeat", "%", Up, 80),
                StarterStandard.Soft("listened-to", "resolve", "The customer felt listened to", "How well did we listen to you today?", "How well did we listen to customers today?", 4.5),
                StarterStandard.Hard("callback-kept", "follow-up", "Call-backs made when promised", "share of promised call-backs made on time", "%", Up, 95, byHand: true),
                StarterStandard.Soft("clear-next-steps", "follow-up", "The customer knew what happens next", "How clear were the next steps?", "How clearly did we explain the next steps to customers today?", 4.3),
            ]),
        new("delivery", "Delivery and field service",
            [
                new("order", 1, "Order taken", "The order and the customer's details are captured.", "sales"),
                new("delivery", 2, "Delivery", "The goods arrive in the agreed slot.", "operations"),
                new("installation", 3, "Installation", "The engineer installs and explains.", "operations"),
                new("after-sales-call", 4, "After-sales call", "We check all is well and settle any issue.", "customer service"),
            ],
            [
                StarterStandard.Hard("contact-captured", "order", "Customer contact number captured on every order", "share of orders with a contact number", "%", Up, 100),
                StarterStandard.Hard("slot-kept", "delivery", "Delivery slot kept", "share of deliveries inside the agreed slot", "%", Up, 95),
                StarterStandard.Hard("damage-free", "delivery", "Delivered without damage", "share of deliveries with no damage reported", "%", Up, 99, byHand: true),
                StarterStandard.Hard("first-time-fix", "installation", "Installed right first time", "share of installations needing no second visit", "%", Up, 90),
                StarterStandard.Soft("listened-to", "installation", "The customer felt listened to", "How well did the engineer listen to you?", "How well did we listen to customers on our visits today?", 4.5),
                StarterStandard.Hard("call-within-48h", "after-sales-call", "After-sales call within 48 hours", "share of customers called within 48 hours", "%", Up, 90, byHand: true),
            ]),
    ];

    public static StarterJourney? Find(string? id) => All.FirstOrDefault(j => j.Id == id);
}
