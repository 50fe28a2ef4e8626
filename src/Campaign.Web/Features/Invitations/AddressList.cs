using Campaign.Domain;
using Campaign.Infrastructure.Mail;
using MimeKit;

namespace Campaign.Web.Features.Invitations;

public sealed record RejectedAddress(string Input, EmailAddressProblem Problem);

/// <summary>
/// What a pasted list held: unique valid addresses in the order given, the name typed with each (by <see cref="EmailKey"/>;
/// the first name given wins), the entries that are not addresses, and how many repeats were merged.
/// </summary>
public sealed record AddressListResult(IReadOnlyList<string> Valid, IReadOnlyList<RejectedAddress> Invalid, int DuplicatesMerged)
{
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? NameOf(string address) => Names.TryGetValue(EmailKey.Of(address), out var name) ? name : null;
}

/// <summary>
/// Reads what a host pastes from a mail client or a spreadsheet: addresses separated by commas, semicolons, new lines
/// (or spaces and tabs between bare addresses), optionally as <c>Name &lt;address&gt;</c> or <c>"Doe, Jane" &lt;address&gt;</c>.
/// </summary>
public static class AddressList
{
    private const int MaxEntryShown = 100;

    public static AddressListResult Parse(string? text)
    {
        var valid = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var invalid = new List<RejectedAddress>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenInvalid = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var entry in Entries(text ?? ""))
        {
            var (address, name, problem) = Read(entry);
            if (problem is { } p)
            {
                var shown = entry.Length > MaxEntryShown ? entry[..MaxEntryShown] + "…" : entry;
                if (seenInvalid.Add(shown))
                {
                    invalid.Add(new RejectedAddress(shown, p));
                }
                else
                {
                    duplicates++;
                }

                continue;
            }

            var key = EmailKey.Of(address!);
            if (seen.Add(key))
            {
                valid.Add(address!);
            }
            else
            {
                duplicates++;
            }

            if (name is not null)
            {
                names.TryAdd(key, name);
            }
        }

        return new AddressListResult(valid, invalid, duplicates) { Names = names };
    }

    /// <summary>Splits on separators outside quotes, angle brackets and comments.</summary>
    private static IEnumerable<string> Entries(string text)
    {
        var current = new System.Text.StringBuilder();
        bool quoted = false, escaped = false;
        int angle = 0, comment = 0;
        foreach (var c in text)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (quoted && c == '\\')
            {
                escaped = true;
            }
            else if (c == '"' && comment == 0)
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                switch (c)
                {
                    case '<': angle++; break;
                    case '>' when angle > 0: angle--; break;
                    case '(' when angle == 0: comment++; break;
                    case ')' when comment > 0: comment--; break;
                }
            }

            // A line break always ends an entry, so one stray quote cannot swallow the rest of the list.
            var lineBreak = c is '\n' or '\r';
            if (lineBreak || (!quoted && angle == 0 && comment == 0 && c is ',' or ';'))
            {
                foreach (var part in Split(current.ToString()))
                {
                    yield return part;
                }

                current.Clear();
                if (lineBreak)
                {
                    quoted = false;
                    angle = 0;
                    comment = 0;
                }

                continue;
            }

            current.Append(c);
        }

        foreach (var part in Split(current.ToString()))
        {
            yield return part;
        }
    }

    /// <summary>"a@x.org b@y.org" (spaces or tabs from a spreadsheet) is two addresses; "Ana Diaz &lt;a@x.org&gt;" is one.</summary>
    private static IEnumerable<string> Split(string entry)
    {
        entry = entry.Trim();
        if (entry.Length == 0)
        {
            yield break;
        }

        var words = entry.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 1 && !entry.Contains('<', StringComparison.Ordinal) && !entry.Contains('"', StringComparison.Ordinal) && words.All(w => w.Contains('@', StringComparison.Ordinal)))
        {
            foreach (var word in words)
            {
                yield return word;
            }

            yield break;
        }

        yield return entry;
    }

    private static (string? Address, string? Name, EmailAddressProblem? Problem) Read(string entry)
    {
        string address;
        string? name = null;
        if (entry.Contains('<', StringComparison.Ordinal) || entry.Contains('"', StringComparison.Ordinal))
        {
            if (!MailboxAddress.TryParse(MailSender.AddressParsing, entry, out var mailbox) || mailbox.Route.Count > 0)
            {
                return (null, null, entry.Contains('@', StringComparison.Ordinal) ? EmailAddressProblem.NotAnAddress : EmailAddressProblem.MissingAt);
            }

            address = mailbox.Address;
            name = PersonName(mailbox.Name);
        }
        else
        {
            address = entry.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? entry["mailto:".Length..] : entry;
        }

        return EmailAddress.TryParse(address, out var parsed, out var problem) ? (parsed.Value, name, null) : (null, null, problem);
    }

    /// <summary>
    /// The name as a greeting uses it: one clean line, at most <see cref="Invitation.NameMaxLength"/> characters;
    /// "Friend, Maya" (an address book's "last, first") reads "Maya Friend"; a name that is only the address again is none.
    /// </summary>
    private static string? PersonName(string? raw)
    {
        var name = PlainText.SingleLine(raw, Campaign.Domain.Invitations.Invitation.NameMaxLength).Trim('\'', ' ');
        var parts = name.Split(',');
        if (parts.Length == 2 && parts[0].Trim().Length > 0 && parts[1].Trim().Length > 0)
        {
            name = parts[1].Trim() + " " + parts[0].Trim();
        }

        return name.Length == 0 || name.Contains('@', StringComparison.Ordinal) ? null : name;
    }
}
