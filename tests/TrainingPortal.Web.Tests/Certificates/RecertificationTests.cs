using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Certificates;

/// <summary>Moves the clock, so it has a factory (and clock) of its own.</summary>
public class RecertificationTests : IClassFixture<PortalFactory>
{
    private const string YearlyCourse = "customer-information-and-segmentation";
    private readonly PortalFactory _factory;

    public RecertificationTests(PortalFactory factory) => _factory = factory;

    [Fact]
    public async Task An_expired_certificate_shows_as_expired_makes_the_course_due_and_retaking_issues_a_new_one()
    {
        var user = await TestData.CreateLearnerAsync(_factory.Services, "Renewal Person");
        await TestData.CompleteLessonsAsync(_factory.Services, user.Id, YearlyCourse);
        var client = await PortalClient.SignedInAsync(_factory, user.Email!, TestData.LearnerPassword);
        await new QuizDriver(_factory, client, YearlyCourse).PassAsync();
        var first = TestData.Query(_factory.Services, db => db.Certificates.Single(c => c.UserId == user.Id));
        Assert.Equal(first.IssuedAtUtc.AddMonths(12), first.ExpiresAtUtc);
        // The quiz page of a passed course says from when it can be renewed: thirty days before expiry, to the minute.
        var dates = _factory.Services.GetRequiredService<TrainingPortal.Web.Localization.DateDisplay>();
        Assert.Equal(
            $"Your certificate expires on {dates.DateOf(first.ExpiresAtUtc!.Value, "en")}. You can renew it, by taking the quiz again, from {dates.TimeFrom(first.ExpiresAtUtc!.Value.AddDays(-30), "en")}.",
            PortalClient.Text((await client.GetPageAsync($"/courses/{YearlyCourse}/quiz")).QuerySelector("[data-testid=renew-from]")));

        _factory.Clock.Advance(TimeSpan.FromDays(340)); // inside the 30-day renewal window; sign-ins have long expired
        client = await PortalClient.SignedInAsync(_factory, user.Email!, TestData.LearnerPassword);
        var soon = await client.GetPageAsync("/certificates");
        Assert.Equal("Valid, expiring soon", PortalClient.Text(soon.QuerySelector("[data-testid=certificate-status]")));
        Assert.Single(soon.QuerySelectorAll("[data-testid=renew]"));
        Assert.Equal("Valid", PortalClient.Text((await new PortalClient(_factory).GetPageAsync($"/verify/{first.VerificationCode}")).QuerySelector("[data-testid=verification-status]")));

        _factory.Clock.Advance(TimeSpan.FromDays(40)); // now past expiry
        client = await PortalClient.SignedInAsync(_factory, user.Email!, TestData.LearnerPassword);
        var verify = await new PortalClient(_factory).GetPageAsync($"/verify/{first.VerificationCode}");
        Assert.Equal("Expired", PortalClient.Text(verify.QuerySelector("[data-testid=verification-status]")));
        var home = await client.GetPageAsync("/");
        Assert.Contains("Customer information and segmentation", PortalClient.Text(home.QuerySelector("[data-testid=due-again]")));
        // The course page dates a lapsed certificate by when it expired, not "valid until" a day gone by.
        Assert.StartsWith($"Your certificate: {first.Serial}, expired on {dates.DateOf(first.ExpiresAtUtc!.Value, "en")}.",
            PortalClient.Text((await client.GetPageAsync($"/courses/{YearlyCourse}")).QuerySelector("[data-testid=course-certificate]")));

        var renewal = await new QuizDriver(_factory, client, YearlyCourse).PassAsync();

        Assert.Equal(HttpStatusCode.Redirect, renewal.StatusCode);
        var certificates = TestData.Query(_factory.Services, db => db.Certificates.Where(c => c.UserId == user.Id).OrderBy(c => c.IssuedAtUtc).ToList());
        Assert.Equal(2, certificates.Count);
        Assert.Equal(first.Serial, certificates[0].Serial);
        Assert.True(certificates[1].ExpiresAtUtc > _factory.Clock.GetUtcNow().UtcDateTime.AddMonths(11));
        Assert.Equal(2, TestData.Query(_factory.Services, db => db.QuizAttempts.Count(a => a.UserId == user.Id)));
        Assert.Null((await client.GetPageAsync("/")).QuerySelector("[data-testid=due-again]"));
        // The lapsed certificate stays listed as expired, but the renewed course offers no renewal any more.
        var listed = await client.GetPageAsync("/certificates");
        Assert.Equal(["Valid", "Expired"], listed.QuerySelectorAll("[data-testid=certificate-status]").Select(PortalClient.Text));
        Assert.Empty(listed.QuerySelectorAll("[data-testid=renew]"));
    }
}
