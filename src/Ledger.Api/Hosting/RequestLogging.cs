using System.Diagnostics;

namespace Ledger.Api.Hosting;

/// <summary>
/// One structured log line per request: method, route, status, duration, API key name. Never the body, never the
/// query string (raw message content may travel in a body only to be hashed; it must not reach the logs).
/// </summary>
public sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value;
            logger.LogInformation("HTTP {Method} {Route} responded {StatusCode} in {Elapsed:0.0} ms for {Key}",
                context.Request.Method, route, context.Response.StatusCode, elapsed, context.User.Identity?.Name ?? "anonymous");
        }
    }
}
