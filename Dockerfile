# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props TrainingPortal.sln ./
COPY src/ src/
RUN dotnet publish src/TrainingPortal.Web/TrainingPortal.Web.csproj -c Release -o /app/publish

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish ./
COPY content/ ./content/
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Content__Path=/app/content \
    Database__Provider=SqlServer
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "TrainingPortal.Web.dll"]
