#!/usr/bin/env bash
# Adds a migration with the same name for the three providers: tools/add-migration.sh <Name>
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: tools/add-migration.sh <MigrationName>}"
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/TrainingPortal.Migrations.Sqlite \
  --startup-project src/TrainingPortal.Web --output-dir Migrations -- --Database:Provider=Sqlite
dotnet ef migrations add "$name" --project src/TrainingPortal.Migrations.SqlServer \
  --startup-project src/TrainingPortal.Web --output-dir Migrations -- --Database:Provider=SqlServer \
  "--ConnectionStrings:Portal=Server=localhost;Database=TrainingPortal;User Id=sa;Password=unused;TrustServerCertificate=True"
dotnet ef migrations add "$name" --project src/TrainingPortal.Migrations.PostgreSql \
  --startup-project src/TrainingPortal.Web --output-dir Migrations -- --Database:Provider=PostgreSql \
  "--ConnectionStrings:Portal=Host=localhost;Database=trainingportal;Username=portal"
