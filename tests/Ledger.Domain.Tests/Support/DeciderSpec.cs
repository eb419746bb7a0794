using System.Text.Json;
using Ledger.Domain.Common;

namespace Ledger.Domain.Tests.Support;

/// <summary>Given(events).When(command).Then(events) over any pure decider.</summary>
public static class DeciderSpec
{
    public static DeciderSpec<TCommand, TEvent, TState> For<TCommand, TEvent, TState>(
        Func<TCommand, TState, IReadOnlyList<TEvent>> decide,
        Func<TState, TEvent, TState> evolve,
        TState initial)
        where TEvent : notnull =>
        new(decide, evolve, initial, []);
}

/// <param name="alsoOn">
/// Optional: another state the same decision must come out of, made from the folded state, the given events and the
/// command (a conversation's trimmed track completed with what the command names). Every scenario then checks both.
/// </param>
public sealed class DeciderSpec<TCommand, TEvent, TState>(
    Func<TCommand, TState, IReadOnlyList<TEvent>> decide,
    Func<TState, TEvent, TState> evolve,
    TState initial,
    IReadOnlyList<TEvent> given,
    Func<TState, IReadOnlyList<TEvent>, TCommand, TState>? alsoOn = null)
    where TEvent : notnull
{
    public DeciderSpec<TCommand, TEvent, TState> Given(params TEvent[] events) =>
        new(decide, evolve, initial, [.. given, .. events], alsoOn);

    /// <summary>The same spec, also deciding every command on the state <paramref name="variant"/> makes.</summary>
    public DeciderSpec<TCommand, TEvent, TState> AlsoOn(Func<TState, IReadOnlyList<TEvent>, TCommand, TState> variant) =>
        new(decide, evolve, initial, given, variant);

    public Outcome When(TCommand command)
    {
        var state = given.Aggregate(initial, evolve);
        var outcome = Decide(command, state);
        if (alsoOn is not null)
        {
            var other = Decide(command, alsoOn(state, given, command));
            other.Summary.ShouldBe(outcome.Summary, "The decision on the variant state differs from the one on the whole state.");
        }

        return outcome;
    }

    private Outcome Decide(TCommand command, TState state)
    {
        try
        {
            var events = decide(command, state);
            // The produced events must fold without surprise, as the command path will do after appending.
            _ = events.Aggregate(state, evolve);
            return new Outcome(events, null);
        }
        catch (DomainException e)
        {
            return new Outcome(null, e);
        }
    }

    public sealed class Outcome(IReadOnlyList<TEvent>? events, DomainException? error)
    {
        /// <summary>The events, or the error with its kind and field errors, as text.</summary>
        public string Summary => error is null
            ? string.Join(Environment.NewLine, events!.Select(Describe))
            : $"{error.Kind} {error.Code} {string.Join(", ", error.Errors.Select(f => $"{f.Field}:{f.Code}"))}";

        /// <summary>Asserts the exact events, compared by type and by their JSON form (lists included).</summary>
        public IReadOnlyList<TEvent> Then(params TEvent[] expected)
        {
            error.ShouldBeNull($"Expected events but the decider threw {error?.Code}: {error?.Message}");
            events!.Select(Describe).ShouldBe(expected.Select(Describe));
            return events!;
        }

        /// <summary>Asserts an idempotent no-op: no exception and no event.</summary>
        public void ThenNothing() => Then();

        public DomainException ThenThrows(string code, DomainErrorKind? kind = null)
        {
            error.ShouldNotBeNull($"Expected {code} but the decider returned {events?.Count} event(s).");
            error.Code.ShouldBe(code);
            if (kind is { } expected)
                error.Kind.ShouldBe(expected);
            return error;
        }

        /// <summary>Asserts a validation error whose field errors include <paramref name="field"/> with <paramref name="code"/>.</summary>
        public DomainException ThenRejectsField(string field, string code)
        {
            error.ShouldNotBeNull($"Expected a validation error on {field} but the decider returned {events?.Count} event(s).");
            error.Kind.ShouldBe(DomainErrorKind.Validation);
            error.Errors.Any(f => f.Field == field && f.Code == code)
                .ShouldBeTrue($"No {code} on {field}; errors were: {string.Join(", ", error.Errors.Select(f => $"{f.Field}:{f.Code}"))}");
            return error;
        }

        private static string Describe(TEvent e) => $"{e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType())}";
    }
}
