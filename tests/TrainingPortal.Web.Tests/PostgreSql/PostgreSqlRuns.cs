using TrainingPortal.Tests;
using TrainingPortal.Web.Tests.Certificates;
using TrainingPortal.Web.Tests.CustomerFirst;
using TrainingPortal.Web.Tests.Dashboard;
using TrainingPortal.Web.Tests.Foundation;
using TrainingPortal.Web.Tests.Hr;
using TrainingPortal.Web.Tests.Quizzes;
using TrainingPortal.Web.Tests.Reminders;
using TrainingPortal.Web.Tests.Reporting;
using TrainingPortal.Web.Tests.Robustness;
using TrainingPortal.Web.Tests.Security;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.PostgreSql;

/// <summary>
/// The test classes that exercise the database hardest run a second time on a real PostgreSQL server: every use case
/// and its atomicity, the report's SQL totals and exports, the dashboard, imports, certificates, quizzes, the audit
/// trail, reminders, and every page for every role. They run one class at a time, as the server shares the machine's two cores
/// with the SQLite classes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection
{
    public const string Name = "PostgreSQL";
}

public sealed class PostgreSqlPortalFactory() : PortalFactory(TestDatabase.NewPostgreSql());

public sealed class PostgreSqlUseCaseFactory() : UseCaseFactory(TestDatabase.NewPostgreSql());

[Collection(PostgreSqlCollection.Name)]
public sealed class AccountUseCasesOnPostgreSql(PostgreSqlUseCaseFactory factory) : AccountUseCaseTests(factory), IClassFixture<PostgreSqlUseCaseFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class AssignmentUseCasesOnPostgreSql(PostgreSqlUseCaseFactory factory) : AssignmentUseCaseTests(factory), IClassFixture<PostgreSqlUseCaseFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class AtomicityOnPostgreSql(PostgreSqlUseCaseFactory factory) : AtomicityTests(factory), IClassFixture<PostgreSqlUseCaseFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class CertificateUseCasesOnPostgreSql(PostgreSqlUseCaseFactory factory) : CertificateUseCaseTests(factory), IClassFixture<PostgreSqlUseCaseFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class ExtraAttemptUseCasesOnPostgreSql(PostgreSqlUseCaseFactory factory) : ExtraAttemptUseCaseTests(factory), IClassFixture<PostgreSqlUseCaseFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class LearningUseCasesOnPostgreSql(PostgreSqlUseCaseFactory factory) : LearningUseCaseTests(factory), IClassFixture<PostgreSqlUseCaseFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class StaffImportUseCasesOnPostgreSql(PostgreSqlUseCaseFactory factory) : StaffImportUseCaseTests(factory), IClassFixture<PostgreSqlUseCaseFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class ReportsOnPostgreSql(PostgreSqlPortalFactory factory) : ReportTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class DashboardOnPostgreSql(PostgreSqlPortalFactory factory) : DashboardTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class ImportOnPostgreSql(PostgreSqlPortalFactory factory) : ImportTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class CertificatesOnPostgreSql(PostgreSqlPortalFactory factory) : CertificateTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class EndpointMatrixOnPostgreSql(PostgreSqlPortalFactory factory) : EndpointMatrixTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class QuizzesOnPostgreSql(PostgreSqlPortalFactory factory) : QuizTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class AuditTrailOnPostgreSql(PostgreSqlPortalFactory factory) : AuditTrailTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class SummaryCountsOnPostgreSql(PostgreSqlPortalFactory factory) : SummaryCountTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class StatusDefinitionOnPostgreSql(PostgreSqlPortalFactory factory) : StatusDefinitionTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class TableWriterOnPostgreSql(PostgreSqlPortalFactory factory) : TableWriterTests(factory), IClassFixture<PostgreSqlPortalFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class BehaviourCountsOnPostgreSql(PostgreSqlUseCaseFactory factory) : BehaviourCountTests(factory), IClassFixture<PostgreSqlUseCaseFactory>;

[Collection(PostgreSqlCollection.Name)]
public sealed class AdoptionCountsOnPostgreSql(PostgreSqlPortalFactory factory) : AdoptionCountTests(factory), IClassFixture<PostgreSqlPortalFactory>;

/// <summary>The reminders' hand-written ledger statements, each test on a database of its own.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class RemindersOnPostgreSql : ReminderTests
{
    protected override TestDatabase NewDatabase() => TestDatabase.NewPostgreSql();
}

[Collection(PostgreSqlCollection.Name)]
public sealed class NulCharactersOnPostgreSql(PostgreSqlPortalFactory factory) : NulCharacterTests(factory), IClassFixture<PostgreSqlPortalFactory>;
