using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Hosting;
using Ledger.Api.Security;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Ledger.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a POST: the first successful or refused response the endpoint itself writes (below 500)
/// is stored per API key and replayed byte for byte to any retry with the same key and the same request; the same key
/// with a different request is refused (422). Refusals raised as exceptions (validation, rules, concurrency) are
/// answered by the outer error handler and simply re-run on a retry: they append nothing and answer the same. Two
/// layers make this hold even across a crash between the append and storing the response: event and entity ids of
/// the request are derived from the key (<see cref="RequestIds"/>), so a re-executed retry appends nothing new.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, LedgerDatabase database, IProblemDetailsService problems)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(30);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (key.Length is 0 or > 200 || key.Any(char.IsControl))
        {
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", "The Idempotency-Key header must be 1 to 200 printable characters.", "invalid_idempotency_key");
            return;
        }
        var principal = context.User.KeyId();
        var requestHash = await HashRequestAsync(context.Request);
        context.Items[RequestIds.ItemKey] = $"{principal}:{key}";

        var stored = await FindAsync(principal, key, context.RequestAborted);
        if (stored is not null)
        {
            if (!stored.RequestHash.AsSpan().SequenceEqual(requestHash))
            {
                await Problem(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request. Use a new key for a new request.", "idempotency_key_reused");
                return;
            }
            if (stored.StatusCode is { } status)
            {
                await ReplayAsync(context, stored, status);
                return;
            }
            if (DateTimeOffset.UtcNow - stored.CreatedAt < AbandonedAfter)
            {
                context.Response.Headers.RetryAfter = "1";
                await Problem(context, StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this Idempotency-Key is still being processed. Retry shortly.", "idempotency_in_progress");
                return;
            }
            // An attempt that died mid-way: take over. Ids derived from the key make the re-execution safe.
        }
        else if (!await ClaimAsync(principal, key, requestHash, context.RequestAborted))
        {
            context.Response.Headers.RetryAfter = "1";
            await Problem(context, StatusCodes.Status409Conflict, "Request in progress",
                "A request with this Idempotency-Key is still being processed. Retry shortly.", "idempotency_in_progress");
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = original;
            if (completed && context.Response.StatusCode < 500)
                await SaveAsync(principal, key, context.Response, buffer.ToArray());
            else
                await ReleaseAsync(principal, key);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task<byte[]> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        long total = 0;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
            if (total > Limits.MaxRequestBodyBytes)
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            sha.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return sha.GetHashAndReset();
    }

    private sealed record StoredResponse(byte[] RequestHash, int? StatusCode, string? ContentType, string? ETag, string? Location, byte[]? Body, DateTimeOffset CreatedAt);

    private async Task<StoredResponse?> FindAsync(string principal, string key, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT request_hash, status_code, content_type, etag, location, body, created_at FROM ledger_api.idempotent_responses WHERE principal = $1 AND idempotency_key = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = principal });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredResponse(
            reader.GetFieldValue<byte[]>(0),
            reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5),
            reader.GetFieldValue<DateTimeOffset>(6));
    }

    private async Task<bool> ClaimAsync(string principal, string key, byte[] requestHash, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO ledger_api.idempotent_responses (principal, idempotency_key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = principal });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = requestHash });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task SaveAsync(string principal, string key, HttpResponse response, byte[] body)
    {
        await using var command = database.DataSource.CreateCommand(
            "UPDATE ledger_api.idempotent_responses SET status_code = $3, content_type = $4, etag = $5, location = $6, body = $7 WHERE principal = $1 AND idempotency_key = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = principal });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = response.StatusCode });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)response.ContentType ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = response.Headers.ETag.Count > 0 ? response.Headers.ETag.ToString() : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = response.Headers.Location.Count > 0 ? response.Headers.Location.ToString() : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = body });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private async Task ReleaseAsync(string principal, string key)
    {
        try
        {
            await using var command = database.DataSource.CreateCommand(
                "DELETE FROM ledger_api.idempotent_responses WHERE principal = $1 AND idempotency_key = $2 AND status_code IS NULL");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = principal });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The database is what failed: the claim expires after AbandonedAfter and the retry takes over.
        }
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored, int status)
    {
        context.Response.StatusCode = status;
        if (stored.ContentType is not null) context.Response.ContentType = stored.ContentType;
        if (stored.ETag is not null) context.Response.Headers.ETag = stored.ETag;
        if (stored.Location is not null) context.Response.Headers.Location = stored.Location;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (stored.Body is { Length: > 0 }) await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
    }

    private Task Problem(HttpContext context, int status, string title, string detail, string code)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status, Title = title, Detail = detail,
                Type = $"https://ledger.example/problems/{code.Replace('_', '-')}", Extensions = { ["code"] = code },
            },
        }).AsTask();
    }
}
