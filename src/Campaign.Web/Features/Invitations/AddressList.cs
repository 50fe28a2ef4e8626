using Campaign.Domain;
using Campaign.Domain.Rsvps;
using MimeKit;

namespace Campaign.Web.Features.Invitations;

public enum AddressProblem
{
    NotAnAddress,
    MissingAt,
    BadDomain,
    TooLong,
}

public sealed record RejectedAddress(string Input, AddressProblem Problem);

/// <summary>What a pasted list held: unique valid addresses in the order given, the entries that are not addresses, and how many repeats were merged.</summary>
public sealed record AddressListResult(IReadOnlyList<string> Valid, IReadOnlyList<RejectedAddress> Invalid, int DuplicatesMerged);

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
        var invalid = new List<RejectedAddress>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenInvalid = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var entry in Entries(text ?? ""))
        {
            var (address, problem) = Read(entry);
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

            if (seen.Add(EmailKey.Of(address!)))
            {
                valid.Add(address!);
            }
            else
            {
                duplicates++;
            }
        }

        return new AddressListResult(valid, invalid, duplicates);
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

    private static (string? Address, AddressProblem? Problem) Read(string entry)
    {
        string address;
        if (entry.Contains('<', StringComparison.Ordinal) || entry.Contains('"', StringComparison.Ordinal))
        {
            if (!MailboxAddress.TryParse(ParserOptions.Default, entry, out var mailbox) || mailbox.Route.Count > 0)
            {
                return (null, entry.Contains('@', StringComparison.Ordinal) ? AddressProblem.NotAnAddress : AddressProblem.MissingAt);
            }

            address = mailbox.Address;
        }
        else
        {
            address = entry.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? entry["mailto:".Length..] : entry;
        }

        return Check(address) is { } problem ? (null, problem) : (address.Trim(), null);
    }

    /// <summary>A deliverable-looking address: dot-atom local part, a domain with a dot, labels of letters, digits and hyphens.</summary>
    public static AddressProblem? Check(string address)
    {
        address = address.Trim();
        if (address.Length > Rsvp.EmailMaxLength)
        {
            return AddressProblem.TooLong;
        }

        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return AddressProblem.MissingAt;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length is 0 or > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)
            || !local.All(c => char.IsLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~.-".Contains(c, StringComparison.Ordinal)))
        {
            return AddressProblem.NotAnAddress;
        }

        var labels = domain.Split('.');
        if (domain.Length == 0 || labels.Length < 2
            || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsLetterOrDigit(c) || c == '-'))
            || labels[^1].All(char.IsAsciiDigit))
        {
            return AddressProblem.BadDomain;
        }

        return null;
    }
}
