using System.Globalization;
using Microsoft.Playwright;

namespace Ledger.Dashboard.Tests.Harness;

/// <summary>
/// One browser context on the dashboard (laptop size and en-US number formats unless told otherwise), recording every
/// console error, uncaught exception and failed request of the page.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private DashboardSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") Record($"console error: {message.Text} (at {message.Location})");
        };
        page.PageError += (_, error) => Record($"uncaught: {error}");
        page.RequestFailed += (_, request) => Record($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 500) Record($"server error: {response.Status} {response.Request.Method} {response.Url}");
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors, uncaught exceptions and failed requests so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors) return [.. _errors];
        }
    }

    private void Record(string error)
    {
        lock (_errors) _errors.Add(error);
    }

    public static async Task<DashboardSession> OpenAsync(DashboardFixture fixture, int width = 1440, int height = 900)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var session = new DashboardSession(context, page);
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("#signin-key");
        return session;
    }

    /// <summary>Opens the dashboard and signs in with the key of <paramref name="role"/>.</summary>
    public static async Task<DashboardSession> SignedInAsync(DashboardFixture fixture, string role, int width = 1440, int height = 900)
    {
        var session = await OpenAsync(fixture, width, height);
        await session.SignInAsync(fixture.Key(role));
        return session;
    }

    public async Task SignInAsync(string key)
    {
        await Page.FillAsync("#signin-key", key);
        await Page.ClickAsync("#signin-submit");
        await Page.WaitForSelectorAsync("#session:not([hidden])");
        await Page.WaitForSelectorAsync("main#view:not([data-state='loading']):not([data-state='signed-out'])");
    }

    /// <summary>Clicks the view's tab and waits until it has rendered (its figures loaded).</summary>
    public async Task OpenViewAsync(string view)
    {
        await Page.ClickAsync($"a[data-nav='{view}']");
        await WaitForViewAsync(view);
    }

    public Task WaitForViewAsync(string view, string state = "ready", long? asOf = null) =>
        Page.WaitForSelectorAsync(
            $"main#view[data-view='{view}'][data-state='{state}']{(asOf is { } p ? $"[data-as-of='{p.ToString(CultureInfo.InvariantCulture)}']" : "")}");

    /// <summary>A figure's raw value (data-value) as the dashboard received it from the API.</summary>
    public async Task<string?> FigureAsync(string figure) =>
        await Page.GetAttributeAsync($"[data-figure='{figure}']", "data-value");

    /// <summary>Saves a full-page screenshot under the test output's artifacts/screenshots/ and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(DashboardFixture.ScreenshotFolder, $"{name}.png");
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>A screenshot of one element (a chart, the network) at full resolution.</summary>
    public async Task<string> ScreenshotAsync(string name, string selector)
    {
        var path = Path.Combine(DashboardFixture.ScreenshotFolder, $"{name}.png");
        await Page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
