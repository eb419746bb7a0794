# The Ledger API. Build from the repository root: docker build -t ledger-api .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Ledger.Api/Ledger.Api.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:5080 \
    Ledger__DataDirectory=/data
VOLUME /data
EXPOSE 5080
ENTRYPOINT ["dotnet", "Ledger.Api.dll"]
