using Campaign.Web.Infrastructure;

namespace Campaign.Web.Tests.Platform.Proof;

/// <summary>
/// The "who gets in" half of the matrix for writes: each unsafe endpoint in a fresh world (a write changes the world),
/// tried by everyone its declaration lets in. Who must be refused is proved in <see cref="EndpointProofTests"/>.
/// </summary>
public sealed class WriteAccessTests(ProofApp proof) : IClassFixture<ProofApp>
{
    // A door link first and the owner last, so that nobody's write takes away what the next one needs (a co-host
    // removing the door link the owner is about to revoke is still "in": it answers, it is not refused).
    private static readonly Caller[] Order = [Caller.Anonymous, Caller.ThisDoor, Caller.CoHost, Caller.Staff, Caller.Owner];

    [Fact]
    public async Task Everyone_a_write_declares_gets_in()
    {
        var wrong = new List<string>();
        var writes = proof.Endpoints
            .Where(e => !e.IsSafe && e.Audience is not (null or Audience.SigningIn or Audience.Pipeline))
            // Suspending the other host last: every world after it would need that host to create a screening.
            .OrderBy(e => e.Pattern.StartsWith("/staff/hosts/", StringComparison.Ordinal))
            .ThenBy(e => e.Pattern.EndsWith("/suspend", StringComparison.Ordinal))
            .ToList();
        foreach (var endpoint in writes)
        {
            var world = await SeededWorld.CreateAsync(proof.Who);
            if (endpoint.Audience == Audience.SignedIn)
            {
                // Account writes (password, two-factor, logout of the shared accounts) get an account of their own.
                var email = $"account{Guid.NewGuid():N}@example.org";
                var session = await Flows.RegisterAsync(proof.App, email, "Ari Account");
                await TryAsync(endpoint, world, session, null, "a new account");
                continue;
            }

            // Anyone's and a link's writes: the caller does not matter, and the first write may end the link (not me, cancel).
            var callers = endpoint.Audience is Audience.Anyone or Audience.LinkHolder ? [Caller.Anonymous] : Order.Where(c => EndpointProofTests.LetsIn(endpoint, c));
            foreach (var caller in callers)
            {
                var (session, door) = world.As(caller);
                await TryAsync(endpoint, world, session, door, caller.ToString());
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        async Task TryAsync(AppEndpoint endpoint, SeededWorld world, WebSession session, string? door, string who)
        {
            var page = await ProofApp.SendAsync(endpoint, world.PathFor(endpoint.Pattern), world, session, door);
            if (ProofApp.Refused(page) || (int)page.Status >= 500)
            {
                wrong.Add($"{endpoint} as {who}: expected in, got {(int)page.Status} {page.Location}");
            }
        }
    }
}
