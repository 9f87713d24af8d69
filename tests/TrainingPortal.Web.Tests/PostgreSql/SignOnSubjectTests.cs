using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.PostgreSql;

/// <summary>The longest subject OpenID Connect allows, on a server that enforces column lengths (SQLite does not).</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class SignOnSubjectTests(PostgreSqlPortalFactory factory) : IClassFixture<PostgreSqlPortalFactory>
{
    [Fact]
    public async Task A_subject_of_255_characters_links_and_finds_its_account_again()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Long Subject");
        var identity = new ExternalIdentity("oidc", "CN=" + new string('x', 252), "Bank sign-on", person.EmployeeNumber, null, EmailVerified: false);

        var first = await UseCase.RunAsync(factory.Services, (LinkExternalLogin u) => u.ExecuteAsync(identity, CancellationToken.None));
        var again = await UseCase.RunAsync(factory.Services, (LinkExternalLogin u) => u.ExecuteAsync(identity, CancellationToken.None));

        Assert.True(first.Succeeded, string.Join(", ", first.Refusals.Select(r => r.Message)));
        Assert.Equal((person.Id, false), (again.Value!.User.Id, again.Value.FirstLink));
        Assert.Equal(255, TestData.Query(factory.Services, db => db.UserLogins.AsNoTracking().Single(l => l.UserId == person.Id).ProviderKey.Length));
    }
}
