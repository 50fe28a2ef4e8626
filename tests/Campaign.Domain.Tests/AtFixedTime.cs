using Campaign.Domain.Tests.Screenings;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Domain.Tests;

/// <summary>A test that starts at <see cref="Given.Clock"/>'s fixed "now" and moves time on with <see cref="Clock"/>.</summary>
public abstract class AtFixedTime
{
    protected FakeTimeProvider Clock { get; } = Given.Clock();

    protected DateTime Now => Clock.Now();
}
