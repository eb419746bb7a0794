using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ledger.Projections.Tests.Daemon;

/// <summary>Keeps what a runner logged, so that a failing timing test can say what the runner was doing.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");

    public override string ToString() => _lines.IsEmpty ? "(the runner logged nothing)" : string.Join(Environment.NewLine, _lines);
}
