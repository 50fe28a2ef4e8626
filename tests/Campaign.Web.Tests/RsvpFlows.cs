using System.Globalization;

namespace Campaign.Web.Tests;

/// <summary>A guest answering a screening's RSVP form, as a browser would.</summary>
public static class RsvpFlows
{
    /// <summary>A host and a screening (MaxPlusOnes 2 unless changed); returns the slug.</summary>
    public static async Task<string> ScreeningAsync(CampaignFactory app, int capacity = 30, Action<Dictionary<string, string>>? change = null)
    {
        var host = await Flows.RegisterAsync(app, "host@example.org");
        var fields = Flows.ScreeningFields(capacity: capacity);
        change?.Invoke(fields);
        return await Flows.CreateScreeningAsync(host, fields);
    }

    public static List<KeyValuePair<string, string>> Fields(string name, string email, int party = 1, bool attending = true, bool consent = true, params string[] guests)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Name", name),
            new("Email", email),
            new("Attending", attending ? "true" : "false"),
            new("PartySize", party.ToString(CultureInfo.InvariantCulture)),
            new("Consent", consent ? "true" : "false"),
        };
        for (var i = 0; i < guests.Length; i++)
        {
            fields.Add(new($"GuestNames[{i}]", guests[i]));
        }

        return fields;
    }

    /// <summary>Opens the screening page as a new visitor and sends the form.</summary>
    public static Task<WebSession.Page> AnswerAsync(CampaignFactory app, string slug, string name, string email, int party = 1, bool attending = true, params string[] guests) =>
        new WebSession(app).SubmitAsync("/s/" + slug, $"/s/{slug}/rsvp", Fields(name, email, party, attending, consent: true, guests));

    /// <summary>Opens the manage page and presses one of its buttons.</summary>
    public static async Task<WebSession.Page> ManageAsync(CampaignFactory app, string managePath, string action, params (string Key, string Value)[] fields)
    {
        var session = new WebSession(app);
        var page = await session.GetAsync(managePath);
        return await session.PostAsync($"{managePath}/{action}", fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), page.AntiforgeryToken);
    }

    /// <summary>A local wall-clock time in New York (the default zone of <see cref="Flows.ScreeningFields"/>), for times relative to now.</summary>
    public static string NewYorkLocal(DateTimeOffset utc)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        return TimeZoneInfo.ConvertTime(utc, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
    }
}
