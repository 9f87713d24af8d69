using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Tests.UseCases;

/// <summary>CompleteLesson, StartQuizAttempt and SubmitQuiz, as a learner meets them; the course is required of everyone.</summary>
public class LearningUseCaseTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Slug = Arrange.QuizCourse;

    private List<QuizAttempt> AttemptsOf(string userId) =>
        TestData.Query(Services, db => db.QuizAttempts.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.AttemptNumber).ToList());

    private async Task<(PortalUser Learner, QuizAttempt Attempt)> LearnerWithOpenAttemptAsync()
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);
        return (learner, await Arrange.OpenAttemptAsync(Services, learner.Id, Slug));
    }

    [Fact]
    public async Task Completing_a_lesson_records_it_once_and_marks_the_required_course_started_at_the_first_completion()
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        var course = Arrange.Course(Services, Slug);
        Assert.Null(RequiredCourseTable.Of(Services, learner.Id, Slug)!.StartedAtUtc);
        var firstAt = Arrange.Now(Factory);

        await UseCase.RunAsync(Services, (CompleteLesson u) => u.ExecuteAsync(learner.Id, course, course.Lessons[0], CancellationToken.None));
        Factory.Clock.Advance(TimeSpan.FromMinutes(7));
        await UseCase.RunAsync(Services, (CompleteLesson u) => u.ExecuteAsync(learner.Id, course, course.Lessons[0], CancellationToken.None));
        await UseCase.RunAsync(Services, (CompleteLesson u) => u.ExecuteAsync(learner.Id, course, course.Lessons[1], CancellationToken.None));

        var completions = TestData.Query(Services, db => db.LessonCompletions.AsNoTracking().Where(c => c.UserId == learner.Id).OrderBy(c => c.Id).ToList());
        Assert.Equal([course.Lessons[0].Slug, course.Lessons[1].Slug], completions.Select(c => c.LessonSlug));
        Assert.Equal((Slug, course.ContentVersion, firstAt), (completions[0].CourseSlug, completions[0].ContentVersion, completions[0].CompletedAtUtc));
        Assert.Equal(firstAt.AddMinutes(7), completions[1].CompletedAtUtc);
        Assert.Equal(firstAt, RequiredCourseTable.Of(Services, learner.Id, Slug)!.StartedAtUtc);
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task A_start_that_loses_to_a_concurrent_write_once_runs_again_and_opens_one_attempt()
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);

        bool started;
        using (Factory.Faults.Arm(WritePattern.Parse("insert QuizAttempts"), asLostConflict: true, maxFires: 1))
        {
            started = await Arrange.StartAsync(Services, learner.Id, Slug);
        }

        Assert.Equal(1, Factory.Faults.TimesFired);
        Assert.True(started);
        Assert.Equal(1, Assert.Single(AttemptsOf(learner.Id)).AttemptNumber);
    }

    [Fact]
    public async Task A_start_that_loses_twice_opens_nothing_and_says_so_without_failing()
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);

        bool started;
        using (Factory.Faults.Arm(WritePattern.Parse("insert QuizAttempts"), asLostConflict: true))
        {
            started = await Arrange.StartAsync(Services, learner.Id, Slug);
        }

        Assert.Equal(2, Factory.Faults.TimesFired);
        Assert.False(started);
        Assert.Empty(AttemptsOf(learner.Id));
    }

    [Fact]
    public async Task Completing_the_same_lesson_again_writes_nothing()
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        var course = Arrange.Course(Services, Slug);
        await UseCase.RunAsync(Services, (CompleteLesson u) => u.ExecuteAsync(learner.Id, course, course.Lessons[^1], CancellationToken.None));
        var before = await DatabaseState.ReadAsync(Services);

        await UseCase.RunAsync(Services, (CompleteLesson u) => u.ExecuteAsync(learner.Id, course, course.Lessons[^1], CancellationToken.None));

        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("all but the last")]
    [InlineData("all but the first")]
    public async Task Starting_a_quiz_before_every_lesson_is_done_is_refused_and_opens_no_attempt(string lessonsDone)
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        var course = Arrange.Course(Services, Slug);
        var done = lessonsDone switch
        {
            "none" => course.Lessons.Take(0).ToList(),
            "all but the last" => course.Lessons.SkipLast(1).ToList(),
            _ => course.Lessons.Skip(1).ToList(),
        };
        foreach (var lesson in done)
        {
            await UseCase.RunAsync(Services, (CompleteLesson u) => u.ExecuteAsync(learner.Id, course, lesson, CancellationToken.None));
        }

        var before = await DatabaseState.ReadAsync(Services);

        var started = await Arrange.StartAsync(Services, learner.Id, Slug);

        Assert.False(started);
        Assert.Empty(AttemptsOf(learner.Id));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Starting_a_quiz_opens_one_attempt_with_a_paper_from_the_pool_and_starting_again_keeps_it()
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);
        var course = Arrange.Course(Services, Slug);

        Assert.True(await Arrange.StartAsync(Services, learner.Id, Slug));
        var before = await DatabaseState.ReadAsync(Services);
        Assert.True(await Arrange.StartAsync(Services, learner.Id, Slug));

        var attempt = Assert.Single(AttemptsOf(learner.Id));
        Assert.Equal((1, Slug, course.ContentVersion, Arrange.Now(Factory), (DateTime?)null, (int?)null, (bool?)null),
            (attempt.AttemptNumber, attempt.CourseSlug, attempt.ContentVersion, attempt.StartedAtUtc, attempt.SubmittedAtUtc, attempt.ScorePercent, attempt.Passed));
        var paper = QuizPaper.FromJson(attempt.PaperJson);
        Assert.Equal(course.QuestionsPerAttempt, paper.Questions.Select(q => q.QuestionId).Distinct().Count());
        Assert.True(paper.FitsPool(course));
        Assert.All(paper.Questions, q => Assert.Equal(course.FindQuestion(q.QuestionId)!.Options.Select(o => o.Id).Order(), q.OptionOrder.Order()));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Submitting_right_answers_passes_and_issues_exactly_one_completion_and_certificate_and_the_required_course_follows()
    {
        var (learner, attempt) = await LearnerWithOpenAttemptAsync();
        var course = Arrange.Course(Services, Slug);
        var before = await DatabaseState.ReadAsync(Services);
        var now = Arrange.Now(Factory);

        var outcome = await Arrange.SubmitAsync(Services, learner.Id, Slug, attempt.Id, Arrange.Answers(course, attempt));

        var submitted = Assert.IsType<SubmitOutcome.Submitted>(outcome);
        Assert.Equal((attempt.Id, 100, true, course.QuestionsPerAttempt), (submitted.AttemptId, submitted.Result.ScorePercent, submitted.Result.Passed, submitted.Result.CorrectCount));
        var stored = Assert.Single(AttemptsOf(learner.Id));
        Assert.Equal(((DateTime?)now, (int?)100, (bool?)true), (stored.SubmittedAtUtc, stored.ScorePercent, stored.Passed));
        Assert.Equal(course.QuestionsPerAttempt, AnswerSheetResult.FromJson(stored.AnswersJson!).Count);

        var completion = Assert.Single(TestData.Query(Services, db => db.CourseCompletions.AsNoTracking().Where(c => c.UserId == learner.Id).ToList()));
        Assert.Equal((Slug, attempt.Id, now, course.ContentVersion), (completion.CourseSlug, completion.QuizAttemptId, completion.CompletedAtUtc, completion.ContentVersion));
        var certificate = Assert.Single(TestData.Query(Services, db => db.Certificates.AsNoTracking().Where(c => c.UserId == learner.Id).ToList()));
        Assert.Equal(submitted.CertificateSerial, certificate.Serial);
        Assert.Equal((completion.Id, Slug, course.Title, learner.DisplayName, learner.EmployeeNumber, now, (DateTime?)null, (DateTime?)null),
            (certificate.CourseCompletionId, certificate.CourseSlug, certificate.CourseTitle, certificate.HolderName, certificate.EmployeeNumber, certificate.IssuedAtUtc, certificate.ExpiresAtUtc, certificate.RevokedAtUtc));
        Assert.Equal(TestData.Query(Services, db => db.Branches.Single(b => b.Id == learner.BranchId).Name), certificate.BranchName);

        var required = RequiredCourseTable.Of(Services, learner.Id, Slug)!;
        var bankToday = Services.GetRequiredService<BankCalendar>().DateOf(now); // dates are the bank's, not UTC's
        Assert.Equal(((DateTime?)now, bankToday, (int?)100), (required.CertifiedAtUtc, required.CertifiedOn, required.BestScorePercent));
        Assert.Equal(bankToday.DayNumber - required.AssignedOn.DayNumber, required.DaysToComplete);
        var after = await DatabaseState.ReadAsync(Services);
        DatabaseState.AssertUnchanged(before, after, typeof(QuizAttempt), typeof(CourseCompletion), typeof(Certificate), typeof(RequiredCourse));
        DatabaseState.AssertUnchanged<RequiredCourse>(before, after, r => r.UserId != learner.Id || r.CourseSlug != Slug);
        await RequiredCourseTable.AssertInStepAsync(Services);

        // Submitting the same attempt again, or starting another, changes nothing: the course is passed.
        var again = await Arrange.SubmitAsync(Services, learner.Id, Slug, attempt.Id, Arrange.Answers(course, attempt));
        Assert.Equal(attempt.Id, Assert.IsType<SubmitOutcome.AlreadySubmitted>(again).AttemptId);
        Assert.False(await Arrange.StartAsync(Services, learner.Id, Slug));
        DatabaseState.AssertUnchanged(after, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task A_pass_in_the_bank_s_evening_counts_on_the_bank_s_date_which_utc_has_not_reached()
    {
        // 16:30 UTC is half past midnight in Shanghai and Hong Kong: the next day there.
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var evening = now.Date.AddHours(16).AddMinutes(30);
        Factory.Clock.Advance((evening > now ? evening : evening.AddDays(1)) - now);
        var (learner, attempt) = await LearnerWithOpenAttemptAsync();
        var at = Arrange.Now(Factory);

        var outcome = await Arrange.SubmitAsync(Services, learner.Id, Slug, attempt.Id, Arrange.Answers(Arrange.Course(Services, Slug), attempt));

        Assert.NotNull(Assert.IsType<SubmitOutcome.Submitted>(outcome).CertificateSerial);
        var bankToday = Services.GetRequiredService<BankCalendar>().DateOf(at);
        Assert.Equal(DateOnly.FromDateTime(at).AddDays(1), bankToday);
        var required = RequiredCourseTable.Of(Services, learner.Id, Slug)!;
        Assert.Equal((bankToday, bankToday.DayNumber - required.AssignedOn.DayNumber), (required.CertifiedOn!.Value, required.DaysToComplete!.Value));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task Submitting_wrong_answers_fails_issues_no_certificate_and_keeps_the_best_score()
    {
        var (learner, attempt) = await LearnerWithOpenAttemptAsync();
        var course = Arrange.Course(Services, Slug);
        var half = course.QuestionsPerAttempt / 2;

        var failed = Assert.IsType<SubmitOutcome.Submitted>(await Arrange.SubmitAsync(Services, learner.Id, Slug, attempt.Id, Arrange.Answers(course, attempt, rightCount: half)));

        Assert.False(failed.Result.Passed);
        Assert.Null(failed.CertificateSerial);
        Assert.Equal(half * 100 / course.QuestionsPerAttempt, failed.Result.ScorePercent);
        Assert.Equal((bool?)false, Assert.Single(AttemptsOf(learner.Id)).Passed);
        Assert.Empty(TestData.Query(Services, db => db.CourseCompletions.Where(c => c.UserId == learner.Id).ToList()));
        Assert.Empty(TestData.Query(Services, db => db.Certificates.Where(c => c.UserId == learner.Id).ToList()));
        var required = RequiredCourseTable.Of(Services, learner.Id, Slug)!;
        Assert.Equal(((DateTime?)null, (int?)failed.Result.ScorePercent), (required.CertifiedAtUtc, required.BestScorePercent));

        // A worse second attempt does not lower the best score.
        var worse = await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: 0);
        Assert.Equal(0, worse.Result.ScorePercent);
        Assert.Equal([1, 2], AttemptsOf(learner.Id).Select(a => a.AttemptNumber));
        Assert.Equal(failed.Result.ScorePercent, RequiredCourseTable.Of(Services, learner.Id, Slug)!.BestScorePercent);
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task Once_every_attempt_is_used_without_passing_no_further_attempt_opens()
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);
        await Arrange.UseUpAttemptsAsync(Services, learner.Id, Slug);
        var before = await DatabaseState.ReadAsync(Services);

        Assert.False(await Arrange.StartAsync(Services, learner.Id, Slug));

        Assert.Equal(Arrange.Course(Services, Slug).MaxAttempts, AttemptsOf(learner.Id).Count);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Theory]
    [InlineData("unknown attempt")]
    [InlineData("someone else's attempt")]
    [InlineData("another course")]
    public async Task Submitting_an_attempt_that_is_not_the_learners_is_not_found_and_writes_nothing(string which)
    {
        var (learner, attempt) = await LearnerWithOpenAttemptAsync();
        var stranger = await TestData.CreateLearnerAsync(Services);
        var course = Arrange.Course(Services, Slug);
        var answers = Arrange.Answers(course, attempt);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = which switch
        {
            "unknown attempt" => await Arrange.SubmitAsync(Services, learner.Id, Slug, 999_999, answers),
            "someone else's attempt" => await Arrange.SubmitAsync(Services, stranger.Id, Slug, attempt.Id, answers),
            _ => await Arrange.SubmitAsync(Services, learner.Id, "customers-at-the-centre", attempt.Id, answers),
        };

        Assert.IsType<SubmitOutcome.NotFound>(outcome);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Submitting_with_questions_unanswered_returns_their_numbers_and_the_answers_so_far_and_writes_nothing()
    {
        var (learner, attempt) = await LearnerWithOpenAttemptAsync();
        var course = Arrange.Course(Services, Slug);
        var paper = QuizPaper.FromJson(attempt.PaperJson);
        var skipped = new[] { paper.Questions[2].QuestionId, paper.Questions[^1].QuestionId };
        var answers = Arrange.Answers(course, attempt).Where(a => !skipped.Contains(a.Key)).ToList();
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await Arrange.SubmitAsync(Services, learner.Id, Slug, attempt.Id, answers);

        var incomplete = Assert.IsType<SubmitOutcome.Incomplete>(outcome);
        Assert.Equal([3, paper.Questions.Count], incomplete.UnansweredNumbers);
        Assert.Equal(paper.Questions.Count - 2, incomplete.Answers.Count);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Theory]
    [InlineData("an option of another question")]
    [InlineData("an option that does not exist")]
    [InlineData("a question not on the paper")]
    [InlineData("a single-answer question answered twice")]
    public async Task Submitting_answers_the_form_could_not_have_sent_is_invalid_and_writes_nothing(string tampering)
    {
        var (learner, attempt) = await LearnerWithOpenAttemptAsync();
        var course = Arrange.Course(Services, Slug);
        var paper = QuizPaper.FromJson(attempt.PaperJson);
        var answers = Arrange.Answers(course, attempt);
        var first = paper.Questions[0].QuestionId;
        var firstQuestion = course.FindQuestion(first)!;
        var offPaper = course.QuestionPool.First(q => paper.Questions.All(d => d.QuestionId != q.Id));
        var single = paper.Questions.Select(d => course.FindQuestion(d.QuestionId)!).First(q => q.Type != Core.Content.QuestionType.Multiple);
        answers.Add(tampering switch
        {
            // Option ids repeat across questions (a, b, c…; true, false): take one the first question lacks.
            "an option of another question" => new(first, course.QuestionPool.SelectMany(q => q.Options).First(o => firstQuestion.FindOption(o.Id) is null).Id),
            "an option that does not exist" => new(first, "zz-not-an-option"),
            "a question not on the paper" => new(offPaper.Id, offPaper.Options[0].Id),
            _ => new(single.Id, single.Options.First(o => !single.CorrectOptionIds.Contains(o.Id)).Id),
        });
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await Arrange.SubmitAsync(Services, learner.Id, Slug, attempt.Id, answers);

        Assert.False(string.IsNullOrWhiteSpace(Assert.IsType<SubmitOutcome.Invalid>(outcome).Error));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }
}
