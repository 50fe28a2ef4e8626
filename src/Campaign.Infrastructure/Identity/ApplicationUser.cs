using Microsoft.AspNetCore.Identity;

namespace Campaign.Infrastructure.Identity;

/// <summary>An account: a host, co-host, or campaign staff member.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set once staff approved one of this host's public screenings; later ones list at once.</summary>
    public bool IsTrustedHost { get; private set; }

    public DateTime? SuspendedAtUtc { get; private set; }

    public string? SuspensionReason { get; private set; }

    public DateTime CreatedAtUtc { get; set; }

    public bool IsSuspended => SuspendedAtUtc is not null;

    public void Trust() => IsTrustedHost = true;

    public void Suspend(string reason, DateTime nowUtc)
    {
        if (IsSuspended)
        {
            throw new Campaign.Domain.DomainException("This host is already suspended.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new Campaign.Domain.DomainException("Give a reason for the suspension.");
        }

        SuspendedAtUtc = nowUtc;
        SuspensionReason = reason.Trim().Length > 1000 ? reason.Trim()[..1000] : reason.Trim();
    }

    public void Reinstate()
    {
        SuspendedAtUtc = null;
        SuspensionReason = null;
    }
}
