using Microsoft.AspNetCore.Http;

namespace Ledger.Api.Hosting;

/// <summary>
/// The last-resort problem writer: whatever the client put in Accept (application/xml, text/html…), an error still
/// answers as application/problem+json rather than failing into a 500. Registered after the default writer, it is
/// used only when that one declines.
/// </summary>
public sealed class ProblemJsonWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context) =>
        new(context.HttpContext.Response.WriteAsJsonAsync(context.ProblemDetails, context.ProblemDetails.GetType(), JsonSetup.Options, "application/problem+json"));
}
