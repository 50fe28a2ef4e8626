using System.Text.RegularExpressions;
using Campaign.Domain.Screenings;

namespace Campaign.Domain.Tests.Screenings;

public partial class SlugTests
{
    private const string Base32Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex UrlSafeSlug();

    [Fact]
    public void Slug_starts_with_the_title_words_and_ends_with_sixteen_random_characters()
    {
        var slug = Screening.NewSlug("Community Screening & Discussion!");

        Assert.StartsWith("community-screening-discussion-", slug, StringComparison.Ordinal);
        AssertRandomPart(slug);
    }

    [Fact]
    public void Created_screening_gets_a_slug_from_its_title()
    {
        var now = Given.Clock().Now();

        var screening = Given.Pending(now);

        Assert.StartsWith("community-screening-and-discussion-", screening.Slug, StringComparison.Ordinal);
        Assert.DoesNotContain(screening.Id.ToString(), screening.Slug, StringComparison.OrdinalIgnoreCase);
        AssertRandomPart(screening.Slug);
    }

    [Theory]
    [InlineData("!!! ??? ...")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("— · —")]
    public void Title_without_letters_still_gives_a_valid_slug(string title)
    {
        var slug = Screening.NewSlug(title);

        Assert.Matches(UrlSafeSlug(), slug);
        Assert.Equal(16, slug.Length);
        AssertRandomPart(slug);
    }

    [Theory]
    [InlineData("Café Über Straße")]
    [InlineData("Film: \"I Am Jane Doe\" -- 7pm")]
    [InlineData("UPPER lower 123")]
    [InlineData("one two three four five six seven eight nine ten")]
    [InlineData("averyveryveryveryveryveryveryveryveryverylongwordindeed and more")]
    public void Slug_uses_only_lowercase_letters_digits_and_dashes(string title)
    {
        var slug = Screening.NewSlug(title);

        Assert.Matches(UrlSafeSlug(), slug);
        AssertRandomPart(slug);
    }

    [Fact]
    public void Slug_keeps_at_most_six_title_words()
    {
        var slug = Screening.NewSlug("one two three four five six seven eight");

        Assert.StartsWith("one-two-three-four-five-six-", slug, StringComparison.Ordinal);
        Assert.DoesNotContain("seven", slug, StringComparison.Ordinal);
    }

    [Fact]
    public void Slugs_for_the_same_title_never_repeat()
    {
        var slugs = Enumerable.Range(0, 5_000).Select(_ => Screening.NewSlug("Same title")).ToList();

        Assert.Equal(slugs.Count, slugs.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Slugs_cannot_be_guessed_from_one_another()
    {
        // A counter would keep its leading characters; 80 random bits spread them over the whole alphabet.
        var randomParts = Enumerable.Range(0, 2_000).Select(_ => RandomPart(Screening.NewSlug("Same title"))).ToList();

        Assert.True(randomParts.Select(p => p[0]).Distinct().Count() > 24);
        Assert.True(randomParts.Select(p => p[^1]).Distinct().Count() > 2);
        Assert.DoesNotContain(randomParts, p => p.All(char.IsAsciiDigit));
    }

    private static void AssertRandomPart(string slug)
    {
        var random = RandomPart(slug);

        // 16 base32 characters carry 80 bits: at least the 64 the design asks for.
        Assert.True(random.Length >= 16, $"random part '{random}' is shorter than 16 characters");
        Assert.All(random, c => Assert.Contains(c, Base32Alphabet));
    }

    private static string RandomPart(string slug) => slug[(slug.LastIndexOf('-') + 1)..];
}
