using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Incidents;

/// <summary>Hostile values in the incident cards: calendar-edge dates in teams far from UTC, control characters in text.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IncidentInputTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Theory]
    [InlineData("Pacific/Auckland", "0001-01-01", "00:00", IncidentForm.TooOld)]
    [InlineData("Pacific/Auckland", "0001-01-01", "23:59", IncidentForm.TooOld)]
    [InlineData("Pacific/Auckland", "9999-12-31", "23:59", IncidentForm.InTheFuture)]
    [InlineData("America/New_York", "9999-12-31", "23:59", IncidentForm.InTheFuture)]
    [InlineData("America/New_York", "0001-01-01", "00:00", IncidentForm.TooOld)]
    [InlineData("Pacific/Kiritimati", "9999-12-31", "00:00", IncidentForm.InTheFuture)]
    [InlineData("Pacific/Pago_Pago", "0001-01-01", "00:00", IncidentForm.TooOld)]
    public async Task Submit_DateAtTheCalendarsEdgeInATeamFarFromUtc_CardBackWithTheReasonNothingStored(string zone, string date, string time, string problem)
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        await f.InvokeAsync(f.T.Execute(f.Manager, "setup.team.save", new JsonObject { ["timeZone"] = zone, ["shiftEnd"] = "17:30", ["managers"] = f.Manager }, inChannel: true));

        var card = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("edge", d => (d["date"], d["time"]) = (date, time))));

        Assert.Contains(problem, card, StringComparison.Ordinal);
        Assert.Contains("Nothing was logged yet", card, StringComparison.Ordinal);
        Assert.Empty(await App.Services.GetRequiredService<IncidentStore>().ByReporterAsync(f.T.Tenant, f.Reporter, 10, default));
    }

    [Fact]
    public async Task Submit_TodayInAucklandWhileUtcIsStillYesterday_Logged()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        await f.InvokeAsync(f.T.Execute(f.Manager, "setup.team.save", new JsonObject { ["timeZone"] = "Pacific/Auckland", ["shiftEnd"] = "17:30", ["managers"] = f.Manager }, inChannel: true));
        var auckland = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(-30), TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland"));

        var card = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("local", d =>
            (d["date"], d["time"]) = (auckland.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), auckland.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)))));

        Assert.Matches(Reference(), card);
        Assert.Single(await App.Services.GetRequiredService<IncidentStore>().ByReporterAsync(f.T.Tenant, f.Reporter, 10, default));
    }

    [Fact]
    public async Task SubmitAndNote_ControlCharacters_StoredWithoutThemLineBreaksKept()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var logged = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("nul", d =>
        {
            d["what"] = "Van\u0000 late\r\nCustomer\u0007 upset";
            d["recovered"] = "true";
            d["gesture"] = "Voucher\u0000\u001b sent";
        })));
        var reference = Reference().Match(logged).Value;

        var noted = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Note, new JsonObject { ["reference"] = reference, ["rev"] = 1, ["text"] = "a\u0000b" }));
        var onlyControls = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Note, new JsonObject { ["reference"] = reference, ["rev"] = 2, ["text"] = "\u0000\u0001" }));

        var store = App.Services.GetRequiredService<IncidentStore>();
        var stored = (await store.FindAsync(f.T.Tenant, reference, default))!;
        Assert.Equal("Van late\nCustomer upset", stored.Incident.What);
        Assert.Equal("Voucher sent", stored.Incident.Gesture);
        var history = await store.HistoryAsync(stored, default);
        Assert.Equal(["logged", "note"], history.Select(h => h.Action));
        Assert.Equal("ab", history[1].Text);
        Assert.Contains("note by", noted, StringComparison.Ordinal);
        Assert.Contains(": ab", noted, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0000", noted, StringComparison.Ordinal);
        Assert.Contains("Write the note first.", onlyControls, StringComparison.Ordinal);
        Assert.Equal(2, stored.Incident.Revision);
    }

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex Reference();
}
