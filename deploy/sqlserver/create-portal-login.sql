-- Run by the sqlserver-init service of docker-compose.yml, as sa, before the portal starts; safe to run again.
-- The portal signs in as trainingportal, which may read, write and change the tables of its own database (the
-- migrations run at start-up) and nothing on the server beyond it. $(PORTAL_DB_PASSWORD) comes from the
-- environment (.env); sqlcmd pastes it in as text, so it must not contain a single quote.
-- A supplementary-character (_SC) collation: a name with a character outside the BMP, common in Hong Kong names,
-- is compared and matched by LIKE as one character, as on PostgreSQL and SQLite; case-insensitive, as the searches are.
IF DB_ID(N'TrainingPortal') IS NULL
    CREATE DATABASE [TrainingPortal] COLLATE Latin1_General_100_CI_AS_SC;
GO

-- Readers see the last committed rows instead of waiting for writers, as on PostgreSQL: a use case that locks a
-- person's row and then reads, and a recount of the summary counts, would otherwise block and deadlock each other.
IF (SELECT is_read_committed_snapshot_on FROM sys.databases WHERE name = N'TrainingPortal') = 0
    ALTER DATABASE [TrainingPortal] SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;
GO

IF SUSER_ID(N'trainingportal') IS NULL
    CREATE LOGIN [trainingportal] WITH PASSWORD = N'$(PORTAL_DB_PASSWORD)', DEFAULT_DATABASE = [TrainingPortal], CHECK_POLICY = ON;
ELSE
    ALTER LOGIN [trainingportal] WITH PASSWORD = N'$(PORTAL_DB_PASSWORD)'; -- a changed .env takes effect on the next start
GO

USE [TrainingPortal];
GO

IF DATABASE_PRINCIPAL_ID(N'trainingportal') IS NULL
    CREATE USER [trainingportal] FOR LOGIN [trainingportal];
ALTER ROLE db_datareader ADD MEMBER [trainingportal];
ALTER ROLE db_datawriter ADD MEMBER [trainingportal];
ALTER ROLE db_ddladmin ADD MEMBER [trainingportal];
GO
