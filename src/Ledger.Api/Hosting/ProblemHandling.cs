using System.Net.Sockets;
using System.Text.Json;
using Ledger.Domain.Common;
using Ledger.EventStore;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details: client mistakes get a 4xx with field errors, a
/// database that is down gets a retriable 503, and only a genuine bug is a 500 (logged, without request content).
/// </summary>
public sealed class ProblemHandling(IProblemDetailsService problems, ILogger<ProblemHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception, context);
        if (problem.Status >= 500 && problem.Status != StatusCodes.Status503ServiceUnavailable)
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            logger.LogWarning("Database unavailable on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, exception.Message);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "2";
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Map(Exception exception, HttpContext context) =>
        exception switch
        {
            DomainException { Kind: DomainErrorKind.Validation } e => Validation(e.Message, e.Errors.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()), e.Code),
            DomainException { Kind: DomainErrorKind.NotFound } e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message, e.Code),
            DomainException e => Problem(StatusCodes.Status409Conflict, "Refused by a ledger rule", e.Message, e.Code),
            InvalidAppendException e => Validation(e.Message, new() { [e.Field] = [e.Message] }, "invalid_append"),
            ConcurrencyException e when context.Request.Headers.IfMatch.Count > 0 =>
                Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", $"The resource is at version {e.ActualVersion}; If-Match named another version.", "stale_version"),
            ConcurrencyException e => Problem(StatusCodes.Status409Conflict, "Concurrent change", e.Message, "concurrency_conflict"),
            IdempotencyConflictException e => Problem(StatusCodes.Status409Conflict, "Id reused", e.Message, "idempotency_conflict"),
            PreconditionFailedException e => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", e.Message, "stale_version"),
            ClientInputException e => Validation(e.Message, new() { [e.Field] = [e.Message] }, e.Code),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"Request bodies are limited to {Limits.MaxRequestBodyBytes:N0} bytes.", "body_too_large"),
            BadHttpRequestException { InnerException: JsonException json } => Validation(
                "The request body is not valid JSON for this endpoint.",
                new() { [JsonField(json.Path)] = [CleanJsonMessage(json)] }, "invalid_json"),
            BadHttpRequestException e => Validation(
                "The request could not be read.", new() { [BodyOrParameter(e)] = [e.Message] }, "bad_request"),
            NotSupportedException e when e.Source == "System.Text.Json" || e.InnerException?.Source == "System.Text.Json" => Validation(
                "The request body is not valid JSON for this endpoint.", new() { [NotSupportedPath(e.Message)] = [CleanTypeNames(e.InnerException?.Message ?? e.Message)] }, "invalid_json"),
            JsonException json => Validation(
                "The request body is not valid JSON for this endpoint.", new() { [JsonField(json.Path)] = [CleanJsonMessage(json)] }, "invalid_json"),
            _ when IsDatabaseUnavailable(exception) =>
                Problem(StatusCodes.Status503ServiceUnavailable, "Ledger database unavailable", "The ledger's database is not reachable right now. Retry the request (with the same Idempotency-Key).", "database_unavailable"),
            _ => Problem(StatusCodes.Status500InternalServerError, "Unexpected error", "The ledger hit an unexpected error; it has been logged.", "internal_error"),
        };

    /// <summary>Transient: the database restarted, a connection broke, or it is shutting down.</summary>
    public static bool IsDatabaseUnavailable(Exception exception) =>
        exception switch
        {
            NpgsqlException { IsTransient: true } => true,
            PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "08006" or "08001" or "08003" } => true,
            NpgsqlException { InnerException: IOException or SocketException or TimeoutException } => true,
            TimeoutException => true,
            SocketException => true,
            _ => exception.InnerException is not null && IsDatabaseUnavailable(exception.InnerException),
        };

    private static ProblemDetails Problem(int status, string title, string detail, string code) =>
        new()
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://ledger.example/problems/{code.Replace('_', '-')}",
            Extensions = { ["code"] = code },
        };

    private static HttpValidationProblemDetails Validation(string detail, Dictionary<string, string[]> errors, string code) =>
        new(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid",
            Detail = detail,
            Type = $"https://ledger.example/problems/{code.Replace('_', '-')}",
            Extensions = { ["code"] = code },
        };

    private static string JsonField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string CleanJsonMessage(JsonException json)
    {
        // System.Text.Json messages name CLR types; keep the useful first sentence and the location.
        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        message = CleanTypeNames(message);
        return json.LineNumber is { } line ? $"{message} (line {line + 1}, position {json.BytePositionInLine})" : message;
    }

    /// <summary>"Ledger.Domain.Interactions.EmotionalPayload" → "EmotionalPayload": clients need the field, not our namespaces.</summary>
    private static string CleanTypeNames(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)+([A-Za-z_][A-Za-z0-9_`]*)", "$1");

    private static string NotSupportedPath(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"Path: (\$[^ |]*)");
        return match.Success ? JsonField(match.Groups[1].Value) : "body";
    }

    private static string BodyOrParameter(BadHttpRequestException e)
    {
        // e.g. Failed to bind parameter "long after" from "abc".
        var match = System.Text.RegularExpressions.Regex.Match(e.Message, "parameter \"(?:[^\" ]+ )?([^\" ]+)\"");
        return match.Success ? match.Groups[1].Value : "body";
    }
}

/// <summary>A request precondition (If-Match) does not hold.</summary>
public sealed class PreconditionFailedException(string message) : Exception(message);

/// <summary>A client input the endpoint itself refuses (header, query or a field the domain does not see).</summary>
public sealed class ClientInputException(string field, string message, string code = "invalid_input") : Exception(message)
{
    public string Field { get; } = field;
    public string Code { get; } = code;
}

/// <summary>Documented resource limits (README, "Limits").</summary>
public static class Limits
{
    public const long MaxRequestBodyBytes = 4 * 1024 * 1024;
    public const int MaxInteractionsPerBatch = 1_000;
    public const int MaxEventsPerPage = 1_000;
}
