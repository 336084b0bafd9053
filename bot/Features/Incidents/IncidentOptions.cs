using System.ComponentModel.DataAnnotations;

namespace CxBot.Features.Incidents;

/// <summary>The <c>Incidents</c> section: due times by severity and how often overdue incidents are chased.</summary>
public sealed class IncidentOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Incidents";

    /// <summary>How long after logging an incident must be acknowledged, by severity.</summary>
    [Required]
    public SeverityTimes AcknowledgeWithin { get; set; } = new() { Low = TimeSpan.FromHours(24), Medium = TimeSpan.FromHours(8), High = TimeSpan.FromHours(2), Critical = TimeSpan.FromMinutes(30) };

    /// <summary>How long after logging an incident must be resolved, by severity.</summary>
    [Required]
    public SeverityTimes ResolveWithin { get; set; } = new() { Low = TimeSpan.FromDays(7), Medium = TimeSpan.FromDays(3), High = TimeSpan.FromDays(1), Critical = TimeSpan.FromHours(4) };

    /// <summary>How often the chaser looks for overdue incidents; an incident is chased at most once per period.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ChasePeriod { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// How long a new incident's delivery is left to the instance that took it before any instance delivers it from its stored
    /// record (after a crash or a deploy cut the first attempt short).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeliveryGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often one instance looks for deliveries still owed (a lease row, so one at a time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeliverySweepEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The currency of estimated costs until the organisation's setup names one (ISO 4217).</summary>
    [Required]
    [RegularExpression("^[A-Z]{3}$")]
    public string DefaultCurrency { get; set; } = "GBP";
}

/// <summary>A duration per severity.</summary>
public sealed class SeverityTimes
{
    /// <summary>Low severity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan Low { get; set; }

    /// <summary>Medium severity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan Medium { get; set; }

    /// <summary>High severity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan High { get; set; }

    /// <summary>Critical severity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan Critical { get; set; }
}
