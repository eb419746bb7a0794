using Microsoft.Net.Http.Headers;

namespace Ledger.Api.Hosting;

/// <summary>
/// The dashboard: static files from <c>wwwroot/</c> (plain ES modules, no build step), <c>/</c> serving
/// <c>index.html</c>. They are served before routing and authentication because the page holds no data: everything it
/// shows comes from the API, which still demands a key on every endpoint. Paths that are not files fall through, so
/// an unknown <c>/api/…</c> path is still a 404 problem.
/// </summary>
public static class Dashboard
{
    // Scripts, styles and requests from this origin only: an injected string can never run as code.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidate on every load so that a new version of the dashboard is picked up at once.
                headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
        return app;
    }
}
