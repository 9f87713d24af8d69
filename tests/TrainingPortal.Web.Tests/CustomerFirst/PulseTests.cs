using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>The anonymous pulse through its real pages: HR opens a period, employees answer once, groups show only when large enough.</summary>
public class PulseTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private IServiceProvider Services => factory.Services;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The pulse counts the answers kept equal a recount of the responses.</summary>
    public Task DisposeAsync() => SummaryCounts.AssertMatchRowsAsync(Services);

    private async Task<PortalClient> LearnerAsync(int branchIndex)
    {
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: branchIndex);
        return await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
    }

    private static async Task<HttpResponseMessage> AnswerAsync(PortalClient client, AngleSharp.Html.Dom.IHtmlDocument page, int score)
    {
        var statements = page.QuerySelectorAll("[data-testid=pulse-form] fieldset[data-statement]").Select(f => f.GetAttribute("data-statement")!).ToList();
        Assert.NotEmpty(statements);
        return await client.SubmitAsync(page, "[data-testid=pulse-form]", statements.ToDictionary(id => $"Scores[{id}]", _ => score.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Hr_opens_a_pulse_five_answers_show_a_branch_and_four_say_not_enough_responses()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var pulsePage = await hr.GetPageAsync("/hr/pulse");
        var opened = await hr.FollowAsync(await hr.SubmitAsync(pulsePage, "[data-testid=open-pulse]", new Dictionary<string, string> { ["Input.Title"] = "November pulse" }));
        var list = await hr.ParseAsync(opened);
        Assert.Contains("November pulse", PortalClient.Text(list.QuerySelector("[data-testid=pulse-periods]")));

        // One region: a branch of five. Another: a branch of four and a branch of one, so the region (five) may show,
        // while neither of its branches may: showing one would give the other away by subtraction.
        var branches = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => new { b.Id, b.Code, b.RegionId }).ToList());
        var shownBranch = branches[3];
        var otherRegion = branches.Where(b => b.RegionId != shownBranch.RegionId).ToList();
        var (hiddenBranch, singleBranch) = (otherRegion[0], otherRegion.First(b => b.RegionId == otherRegion[0].RegionId && b.Id != otherRegion[0].Id));
        var (shown, hidden) = (shownBranch.Code, hiddenBranch.Code);
        var firstPage = default(AngleSharp.Html.Dom.IHtmlDocument);
        var first = default(PortalClient);
        foreach (var (branch, count) in new[] { (shownBranch, 5), (hiddenBranch, 4), (singleBranch, 1) })
        {
            var branchIndex = branches.IndexOf(branch);
            for (var i = 0; i < count; i++)
            {
                var learner = await LearnerAsync(branchIndex);
                var home = await learner.GetPageAsync("/");
                Assert.NotNull(home.QuerySelector("[data-testid=pulse-invitation]"));
                var page = await learner.GetPageAsync("/pulse");
                var answered = await learner.FollowAsync(await AnswerAsync(learner, page, score: 4));
                Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
                var after = await learner.ParseAsync(answered);
                Assert.NotNull(after.QuerySelector("[data-testid=pulse-thanks]"));
                Assert.Null(after.QuerySelector("[data-testid=pulse-form]"));
                Assert.Null((await learner.GetPageAsync("/")).QuerySelector("[data-testid=pulse-invitation]"));
                (first, firstPage) = first is null ? (learner, page) : (first, firstPage);
            }
        }

        // The same form posted again (a second tab, a back button) is refused and stores nothing.
        var responsesBefore = TestData.Query(Services, db => db.PulseResponses.Count());
        var again = await first!.ParseAsync(await first.FollowAsync(await AnswerAsync(first, firstPage!, score: 1)));
        Assert.Contains("already answered", PortalClient.Text(again.QuerySelector(".validation-summary-errors")));
        Assert.Equal(responsesBefore, TestData.Query(Services, db => db.PulseResponses.Count()));

        // Results wait until the period has closed: read a minute apart, open results would give away each new answer.
        factory.Clock.Advance(TimeSpan.FromDays(15));
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var dashboard = await exec.GetPageAsync("/dashboard");
        var shownPulse = dashboard.QuerySelector($"[data-testid=culture-branches] tr[data-branch='{shown}'] td[data-component=Pulse]");
        var hiddenPulse = dashboard.QuerySelector($"[data-testid=culture-branches] tr[data-branch='{hidden}'] td[data-component=Pulse]");
        Assert.Equal("75.0", PortalClient.Text(shownPulse)); // every answer 4: (4 − 1) / 4 of the scale
        Assert.Equal("Not enough responses", PortalClient.Text(hiddenPulse));
        Assert.Contains("missing", PortalClient.Text(dashboard.QuerySelector($"[data-testid=culture-branches] tr[data-branch='{hidden}'] td[data-component=Index]")));
        Assert.Equal("Not enough responses", PortalClient.Text(dashboard.QuerySelector($"[data-testid=culture-branches] tr[data-branch='{singleBranch.Code}'] td[data-component=Pulse]")));
        Assert.Equal("75.0", PortalClient.Text(dashboard.QuerySelector("[data-testid=culture-scope] [data-component=Pulse]"))); // the bank: ten responses

        var shownBranchPage = await exec.GetPageAsync($"/dashboard/branches/{shown}");
        var asked = TestData.Query(Services, db => db.PulsePeriods.OrderByDescending(p => p.Id).First().StatementIds.Count);
        Assert.Equal(asked, shownBranchPage.QuerySelectorAll("[data-testid=pulse-statements] tbody tr").Length);
        Assert.All(shownBranchPage.QuerySelectorAll("[data-testid=pulse-statements] tbody td:last-child"), cell => Assert.Equal("4.00", PortalClient.Text(cell)));
        var hiddenBranchPage = await exec.GetPageAsync($"/dashboard/branches/{hidden}");
        Assert.Null(hiddenBranchPage.QuerySelector("[data-testid=pulse-statements]"));
        Assert.Contains("4 here, at least 5 needed", PortalClient.Text(hiddenBranchPage.QuerySelector("[data-testid=pulse-statements-hidden]")));
    }

    [Fact]
    public void A_response_has_nothing_that_leads_back_to_the_person_and_participation_nothing_that_leads_to_the_response()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var response = db.Model.FindEntityType(typeof(PulseResponse))!;
        var participation = db.Model.FindEntityType(typeof(PulseParticipation))!;

        Assert.Equal(["BranchId", "Id", "PeriodId", "Score1", "Score2", "Score3", "Score4", "Score5", "Score6", "Score7", "Score8"],
            response.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(response.GetForeignKeys(), fk => fk.PrincipalEntityType.ClrType == typeof(PortalUser));
        Assert.All(response.GetProperties(), p => Assert.NotEqual(typeof(DateTime), Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType)); // the day at most
        Assert.Equal(Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never, response.FindPrimaryKey()!.Properties.Single().ValueGenerated);
        Assert.Equal(["PeriodId", "UserId"], participation.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal));

        // The tables the real migrations built, not only the model.
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        connection.Open();
        Assert.Equal(response.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal), Columns(connection, "PulseResponses"));
        Assert.Equal(["PeriodId", "UserId"], Columns(connection, "PulseParticipations"));
    }

    [Fact]
    public void Response_ids_are_drawn_at_random_not_counted_up()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => AnswerPulse.RandomId()).ToList();

        Assert.All(ids, id => Assert.True(id > 0));
        Assert.Equal(50, ids.Distinct().Count());
        Assert.True(ids.Zip(ids.Skip(1)).Count(pair => pair.Second == pair.First + 1) == 0, "consecutive ids would record the order people answered in");
    }

    [Theory]
    [InlineData("4", "Pulse:MinimumGroupSize must be at least 5")]
    [InlineData("0", "Pulse:MinimumGroupSize must be at least 5")]
    public void A_minimum_group_size_below_five_stops_the_portal_starting(string size, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Pulse:MinimumGroupSize"] = size }).Build();

        var problem = new ServiceCollection().AddCustomerFirst(configuration);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names.Order(StringComparer.Ordinal).ToList();
    }
}
