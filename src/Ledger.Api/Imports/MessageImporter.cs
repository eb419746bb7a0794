using System.Collections.Concurrent;
using Ledger.Api.Hosting;
using Ledger.Api.PersonalData;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using Ledger.EventStore;
using Ledger.Import.Interchange;
using Ledger.Projections.Serialization;

namespace Ledger.Api.Imports;

/// <summary>
/// Turns a batch of hashed, classified messages into participants, conversations and interactions through the same
/// deciders as the rest of the API: people become participants (found again by identity), threads become
/// conversations, messages become interactions, and members join as they first speak or are spoken to.
/// <para>
/// Everything is decided before anything is written, so invalid input (a 400) writes nothing. Ids derive from the
/// source system and message id, and a message whose interaction is already recorded is counted, not written, so a
/// re-run or a resumed import writes nothing twice. A message the ledger holds differently, or aimed at a conversation
/// someone closed, is skipped and reported.
/// </para>
/// </summary>
public sealed class MessageImporter(LedgerDatabase database, IdentityDirectory identities, PersonalDataVault vault)
{
    public const int MaxMessagesPerBatch = 2_000;
    private const int MaxIdLength = 500;
    private const int Attempts = 3;
    private const int MaxRemembered = 200_000;

    // Participants known to be registered: saves a stream read per person per batch on long imports.
    private readonly ConcurrentDictionary<Guid, bool> _registered = new();

    public async Task<MessageBatchResult> ImportAsync(MessageBatch batch, string actor, CancellationToken cancellationToken)
    {
        Validate(batch);
        var people = await ResolvePeopleAsync(batch, cancellationToken);
        await RegisterParticipantsAsync(batch, people, actor, cancellationToken);

        var exists = (ReferenceExists)(reference => reference.Kind == EntityKind.Participant
            ? people.Ids.Values.Contains(reference.Id) || _registered.ContainsKey(reference.Id)
            : reference.Kind == EntityKind.Initiative && reference.Id == batch.InitiativeId);
        if (batch.InitiativeId is { } initiative && await database.Store.StreamVersionAsync(StreamIds.Initiative(initiative), cancellationToken: cancellationToken) == 0)
            throw DomainException.Invalid("unknown_initiative", "initiativeId", $"Initiative {initiative} does not exist.");

        var threads = batch.Messages
            .Select((message, index) => (Message: message, Index: index))
            .GroupBy(m => DeterministicId.From(ImportedIds.Conversation(m.Message.System, m.Message.ThreadId)))
            .ToList();
        // Decide every conversation first (a validation error throws before any write), then write them.
        var plans = new List<ConversationPlan>(threads.Count);
        foreach (var thread in threads)
            plans.Add(await PlanAsync(thread.Key, [.. thread.OrderBy(m => m.Message.SentAt).ThenBy(m => m.Index)], batch, people, exists, cancellationToken));

        var outcomes = await Task.WhenAll(plans.Select(plan => WriteAsync(plan, batch, people, exists, actor, cancellationToken)));
        var recorded = outcomes.Sum(o => o.Recorded);
        var already = outcomes.Sum(o => o.AlreadyRecorded);
        var skipped = outcomes.SelectMany(o => o.Skipped).OrderBy(s => s.Index).ToList();
        return new MessageBatchResult(batch.Messages.Count, recorded, already, people.Registered, outcomes.Count(o => o.Opened), skipped);
    }

    private sealed record People(Dictionary<string, Guid> Ids, HashSet<string> Created)
    {
        public int Registered { get; set; }

        public Guid Of(string system, ImportedPerson person) => Ids[IdentityDirectory.IdentityKey(system, person)!];
    }

    private sealed record ConversationPlan(Guid ConversationId, long Version, IReadOnlyList<PlannedMessage> Messages, bool Opens)
    {
        public int Recorded => Messages.Count(m => m.Events.Count > 0 && m.Skip is null);
    }

    /// <summary>A message's events (joins, then its interaction; the opening too for a thread's first), or why it is skipped.</summary>
    private sealed record PlannedMessage(int Index, ImportedMessage Message, IReadOnlyList<ConversationEvent> Events, string? Skip, bool AlreadyRecorded);

    private sealed record WriteOutcome(int Recorded, int AlreadyRecorded, bool Opened, IReadOnlyList<SkippedMessage> Skipped);

    private async Task<People> ResolvePeopleAsync(MessageBatch batch, CancellationToken cancellationToken)
    {
        var keys = batch.Messages.SelectMany(m => m.Recipients.Prepend(m.Sender).Select(p => IdentityDirectory.IdentityKey(m.System, p)!)).ToHashSet(StringComparer.Ordinal);
        var (ids, created) = await identities.ResolveAsync(keys, cancellationToken);
        return new People(ids, created);
    }

    private async Task RegisterParticipantsAsync(MessageBatch batch, People people, string actor, CancellationToken cancellationToken)
    {
        // First appearance of each person in the batch: their registration time and their attributes.
        var firstSeen = new Dictionary<Guid, (ImportedPerson Person, DateTimeOffset At)>();
        foreach (var message in batch.Messages)
        {
            foreach (var person in message.Recipients.Prepend(message.Sender))
            {
                var id = people.Of(message.System, person);
                if (!firstSeen.TryGetValue(id, out var seen) || message.SentAt < seen.At)
                    firstSeen[id] = (seen.Person is null ? person : Merge(seen.Person, person), message.SentAt);
            }
        }
        var toRegister = new List<(Guid Id, ImportedPerson Person, DateTimeOffset At)>();
        foreach (var (id, (person, at)) in firstSeen)
        {
            if (_registered.ContainsKey(id)) continue;
            if (await database.Store.StreamVersionAsync(StreamIds.Participant(id), cancellationToken: cancellationToken) > 0) Remember(id);
            else toRegister.Add((id, person, at));
        }
        var commands = toRegister.Select(p => (p.Id, p.Person, Command: Registration(p.Id, p.Person, p.At, batch))).ToList();
        foreach (var (_, _, command) in commands)
            Prefixed("participant", () => ParticipantDecider.Decide(command, ParticipantDecider.Initial));

        foreach (var (id, person, command) in commands)
        {
            // Personal data first: a crash before the registration is appended leaves a re-run to register (and store) again.
            await vault.StoreAsync(id, new PersonalDetails(Bounded(person.Name), Bounded(person.Email), Bounded(person.Handle)), cancellationToken);
            var events = ParticipantDecider.Decide(command, ParticipantDecider.Initial);
            var data = events.Select(e => EventSerializer.ToEventData(e, DeterministicId.From(ImportedIds.ParticipantRegistration(id)), new EventMetadata(actor, command.RegisteredAt, "import"))).ToList();
            try
            {
                await database.Store.AppendAsync(StreamIds.Participant(id), ExpectedVersion.NoStream, data, cancellationToken);
                people.Registered++;
            }
            catch (ConcurrencyException)
            {
                // Another import registered this person meanwhile: what matters is that the participant exists.
            }
            Remember(id);
        }
    }

    private static ImportedPerson Merge(ImportedPerson a, ImportedPerson b) =>
        new(a.Email ?? b.Email, a.Handle ?? b.Handle, a.Name ?? b.Name, a.Internal ?? b.Internal, a.Department ?? b.Department);

    private static RegisterParticipant Registration(Guid id, ImportedPerson person, DateTimeOffset at, MessageBatch batch)
    {
        var domain = person.Email is { } email && email.LastIndexOf('@') is var i and > 0 ? email[(i + 1)..].Trim().ToLowerInvariant() : null;
        var isInternal = person.Internal ?? (domain is not null && (batch.InternalDomains ?? []).Any(d => string.Equals(d.Trim(), domain, StringComparison.OrdinalIgnoreCase)));
        return isInternal
            ? new RegisterParticipant(id, ParticipantType.Internal, person.Department, null, null, null, null, at)
            : new RegisterParticipant(id, ParticipantType.External, null, null, null, batch.ExternalRole ?? ExternalRole.Customer, null, at);
    }

    private static string? Bounded(string? value) => value is { Length: > 320 } ? value[..320] : value;

    private void Remember(Guid participantId)
    {
        if (_registered.Count > MaxRemembered) _registered.Clear();
        _registered[participantId] = true;
    }

    private async Task<(ConversationState State, long Version)> LoadAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var state = ConversationDecider.Initial;
        long version = 0;
        await foreach (var stored in database.Store.ReadStreamAsync(StreamIds.Conversation(conversationId), cancellationToken: cancellationToken))
        {
            if (EventSerializer.FromStored(stored) is ConversationEvent e) state = ConversationDecider.Evolve(state, e);
            version = stored.StreamVersion;
        }
        return (state, version);
    }

    private async Task<ConversationPlan> PlanAsync(
        Guid conversationId, IReadOnlyList<(ImportedMessage Message, int Index)> messages, MessageBatch batch, People people, ReferenceExists exists, CancellationToken cancellationToken)
    {
        var (state, version) = await LoadAsync(conversationId, cancellationToken);
        return Plan(conversationId, state, version, messages, batch, people, exists);
    }

    private static ConversationPlan Plan(
        Guid conversationId, ConversationState state, long version, IReadOnlyList<(ImportedMessage Message, int Index)> messages, MessageBatch batch, People people, ReferenceExists exists)
    {
        var opens = state is ConversationState.Initial;
        var planned = new List<PlannedMessage>(messages.Count);
        foreach (var (message, index) in messages)
        {
            var sender = people.Of(message.System, message.Sender);
            var receivers = message.Recipients.Select(r => people.Of(message.System, r)).Where(r => r != sender).Distinct().ToList();
            var events = new List<ConversationEvent>();
            var next = state;
            try
            {
                if (next is ConversationState.Initial)
                {
                    var open = new OpenConversation(conversationId, message.Channel, [sender, .. receivers], batch.InitiativeId, message.Tags ?? [], message.SentAt);
                    Apply(Prefixed($"messages[{index}]", () => ConversationDecider.Decide(open, next, exists)));
                }
                var interaction = new NewInteraction(
                    DeterministicId.From(ImportedIds.Interaction(message.System, message.MessageId)), sender, receivers, message.SentAt,
                    message.ContentHash, new SourceRef(message.System, message.MessageId), message.Payload, message.Classification);
                var record = new RecordInteraction(conversationId, interaction);
                if (next is ConversationState.Started started && started.Track.Interactions.ContainsKey(interaction.InteractionId))
                {
                    // Already recorded: the decider says whether it is the same (a no-op) or different (a conflict).
                    var again = Prefixed($"messages[{index}]", () => ConversationDecider.Decide(record, next, exists));
                    planned.Add(new PlannedMessage(index, message, [], null, AlreadyRecorded: again.Count == 0));
                    continue;
                }
                foreach (var member in receivers.Prepend(sender))
                    Apply(Prefixed($"messages[{index}]", () => ConversationDecider.Decide(new JoinConversation(conversationId, member, message.SentAt), next, exists)));
                Apply(Prefixed($"messages[{index}]", () => ConversationDecider.Decide(record, next, exists)));
                state = next;
                planned.Add(new PlannedMessage(index, message, events, null, false));
            }
            catch (DomainException ex) when (ex.Kind != DomainErrorKind.Validation)
            {
                planned.Add(new PlannedMessage(index, message, [], ex.Message, false));
            }

            void Apply(IReadOnlyList<ConversationEvent> decided)
            {
                foreach (var e in decided)
                {
                    events.Add(e);
                    next = ConversationDecider.Evolve(next, e);
                }
            }
        }
        return new ConversationPlan(conversationId, version, planned, opens && planned.Any(p => p.Events.Count > 0));
    }

    private async Task<WriteOutcome> WriteAsync(ConversationPlan plan, MessageBatch batch, People people, ReferenceExists exists, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var data = plan.Messages
                .SelectMany(m => m.Events.Select((e, i) => EventSerializer.ToEventData(e,
                    DeterministicId.From(ImportedIds.MessageEvent(m.Message.System, m.Message.MessageId, i)),
                    new EventMetadata(actor, m.Message.SentAt, "import"))))
                .ToList();
            try
            {
                if (data.Count > 0)
                    await database.Store.AppendAsync(StreamIds.Conversation(plan.ConversationId), ExpectedVersion.Exactly(plan.Version), data, cancellationToken);
                return new WriteOutcome(plan.Recorded, plan.Messages.Count(m => m.AlreadyRecorded),
                    plan.Opens, [.. plan.Messages.Where(m => m.Skip is not null).Select(m => new SkippedMessage(m.Index, m.Message.MessageId, m.Skip!))]);
            }
            catch (Exception ex) when (ex is ConcurrencyException or IdempotencyConflictException && attempt < Attempts)
            {
                // Someone wrote to the conversation meanwhile (or a concurrent run of this import did): decide again on it.
                var (state, version) = await LoadAsync(plan.ConversationId, cancellationToken);
                plan = Plan(plan.ConversationId, state, version, [.. plan.Messages.Select(m => (m.Message, m.Index))], batch, people, exists);
            }
        }
    }

    /// <summary>Runs a decision; its field errors are renamed under <paramref name="prefix"/> so the client sees which message.</summary>
    private static IReadOnlyList<T> Prefixed<T>(string prefix, Func<IReadOnlyList<T>> decide)
    {
        try
        {
            return decide();
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.Validation)
        {
            throw DomainException.Validation(ex.Code, $"{prefix}: {ex.Message}",
                [.. ex.Errors.Select(f => f with { Field = $"{prefix}.{f.Field}" })]);
        }
    }

    private static void Validate(MessageBatch batch)
    {
        var errors = new List<FieldError>();
        if (batch.Messages is null || batch.Messages.Count == 0)
            errors.Add(new FieldError("messages", "required", "At least one message is required."));
        else if (batch.Messages.Count > MaxMessagesPerBatch)
            errors.Add(new FieldError("messages", "batch_too_large", $"A batch holds at most {MaxMessagesPerBatch} messages; this one has {batch.Messages.Count}."));
        else
        {
            for (var i = 0; i < batch.Messages.Count && errors.Count < 50; i++)
                ValidateMessage($"messages[{i}]", batch.Messages[i], errors);
        }
        if (errors.Count > 0)
            throw DomainException.Validation("invalid_import", "The import batch is invalid; nothing was written.", errors);
    }

    private static void ValidateMessage(string at, ImportedMessage? m, List<FieldError> errors)
    {
        if (m is null) { errors.Add(new FieldError(at, "required", "Required.")); return; }
        Text($"{at}.system", m.System);
        Text($"{at}.messageId", m.MessageId);
        Text($"{at}.threadId", m.ThreadId);
        if (!Enum.IsDefined(m.Channel)) errors.Add(new FieldError($"{at}.channel", "invalid_value", "Unknown channel."));
        if (!ContentHash.IsValid(ContentHash.Normalise(m.ContentHash)))
            errors.Add(new FieldError($"{at}.contentHash", "invalid_content_hash", $"Must be a SHA-256 digest: {ContentHash.Length} hex characters."));
        if (m.SentAt == default) errors.Add(new FieldError($"{at}.sentAt", "required", "Required."));
        if (m.Payload is null) errors.Add(new FieldError($"{at}.payload", "required", "Required."));
        if (m.Classification is null) errors.Add(new FieldError($"{at}.classification", "required", "Required."));
        Person($"{at}.sender", m.Sender);
        if (m.Recipients is null || m.Recipients.Count == 0)
            errors.Add(new FieldError($"{at}.recipients", "required", "At least one recipient is required."));
        else
            for (var r = 0; r < m.Recipients.Count; r++) Person($"{at}.recipients[{r}]", m.Recipients[r]);

        void Text(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add(new FieldError(field, "required", "Required."));
            else if (value.Length > MaxIdLength) errors.Add(new FieldError(field, "too_long", $"Must be at most {MaxIdLength} characters."));
        }

        void Person(string field, ImportedPerson? person)
        {
            if (person is null || IdentityDirectory.IdentityKey(m.System ?? "", person) is null)
                errors.Add(new FieldError(field, "required", "A person needs an e-mail or a handle."));
            else if ((person.Email?.Length ?? 0) > 320 || (person.Handle?.Length ?? 0) > 320)
                errors.Add(new FieldError(field, "too_long", "E-mail and handle are at most 320 characters."));
        }
    }
}
