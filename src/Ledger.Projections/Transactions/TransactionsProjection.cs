using Ledger.Domain.Conversations;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using Ledger.EventStore;
using Ledger.Projections.Daemon;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Projections.Transactions;

/// <summary>
/// The transactions read model: participants, conversations and initiatives as dimensions, and two append-only fact tables (transactions with reversals, initiative costs), each row tagged
/// with the log position that produced it. Every report, as of any position, is a sum over these facts.
/// A batch is folded in memory (dimensions loaded once per batch) and written with COPY and set-based upserts.
/// <para>
/// The fold's state after a batch is kept for the next batch of the same table set when that batch starts exactly where
/// this one ended (<see cref="WarmState"/>): then what the state already holds is not read back from the tables. Any
/// break in the chain — a batch that throws, a commit that does not happen (the runner retries from its checkpoint), a
/// batch applied by another process — makes the next batch start elsewhere, and it reads everything back as before.
/// </para>
/// </summary>
public sealed class TransactionsProjection : IProjection
{
    public string Name => "transactions";
    public int Version => 1;

    public static string Table(string tableSet, string table) => $"{ProjectionSchema.Schema}.{tableSet}_{table}";

    public async Task CreateAsync(NpgsqlConnection connection, string tableSet, CancellationToken cancellationToken)
    {
        string T(string table) => Table(tableSet, table);
        await using var command = new NpgsqlCommand($"""
            CREATE TABLE IF NOT EXISTS {T("participants")} (
                participant_id uuid PRIMARY KEY, type text NOT NULL, department text, office text, country text,
                external_role text, organisation_id text, registered_position bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS {T("conversations")} (
                conversation_id uuid PRIMARY KEY, channel text NOT NULL, initiative_id uuid, opened_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS {T("initiatives")} (
                initiative_id uuid PRIMARY KEY, name text NOT NULL, owner_id uuid NOT NULL, hypothesis text NOT NULL,
                starts_at timestamptz NOT NULL, planned_end_at timestamptz, ended_at timestamptz, launched_position bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS {T("facts")} (
                position bigint NOT NULL, seq integer NOT NULL, event_id uuid NOT NULL, sign smallint NOT NULL,
                interaction_id uuid NOT NULL, conversation_id uuid NOT NULL, kind text NOT NULL, subtype text NOT NULL,
                amount numeric NOT NULL, currency text, quantity numeric NOT NULL, unit text, valence numeric NOT NULL,
                intensity integer NOT NULL, occurred_at timestamptz NOT NULL, initiative_id uuid, channel text NOT NULL,
                department text, counterpart_id uuid, sender_id uuid NOT NULL, receiver_ids uuid[] NOT NULL,
                PRIMARY KEY (position, seq));
            CREATE TABLE IF NOT EXISTS {T("costs")} (
                position bigint NOT NULL, seq integer NOT NULL, event_id uuid NOT NULL, initiative_id uuid NOT NULL,
                cost_id uuid NOT NULL, amount numeric NOT NULL, currency text NOT NULL, category text NOT NULL,
                incurred_at timestamptz NOT NULL, PRIMARY KEY (position, seq));
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many interactions and conversations a kept state may hold; beyond it they are dropped (participants and initiatives are kept) and read back when needed.</summary>
    public const int DefaultMaxWarmEntries = 1_000_000;

    /// <summary>See <see cref="DefaultMaxWarmEntries"/>; tests make it small to exercise the read-back.</summary>
    public int MaxWarmEntries { get; init; } = DefaultMaxWarmEntries;

    private sealed record WarmState(long Position, TransactionFolder Folder);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, WarmState> _warm = new(StringComparer.Ordinal);

    public IReadOnlySet<Type> EventTypes => TransactionFolder.FoldedTypes;

    public async Task ApplyAsync(NpgsqlConnection connection, string tableSet, ProjectionBatch events, CancellationToken cancellationToken)
    {
        // Taken, not shared: if this batch fails, no state is kept, and the next batch reads back from the tables.
        var batch = _warm.TryRemove(tableSet, out var warm) && warm.Position == events.After ? warm.Folder : new TransactionFolder();
        batch.StartBatch();
        await LoadDimensionsAsync(connection, tableSet, events, batch, cancellationToken);
        foreach (var e in events) batch.Apply(e.Position, e.EventId, e.Event);
        await WriteAsync(connection, tableSet, batch, cancellationToken);
        if (batch.Interactions.Count + batch.Conversations.Count > MaxWarmEntries)
        {
            batch.Interactions.Clear();
            batch.Conversations.Clear();
        }
        _warm[tableSet] = new WarmState(events.To, batch);
    }

    private static async Task LoadDimensionsAsync(NpgsqlConnection connection, string tableSet, ProjectionBatch events, TransactionFolder batch, CancellationToken cancellationToken)
    {
        // Only what the folder does not hold yet is read back: not what a kept state has from earlier batches, nor what this
        // batch itself introduces (a participant registered, a conversation opened, an interaction recorded here has no
        // earlier row). One pass over the batch: this runs for every batch of a rebuild.
        HashSet<Guid> introduced = [], participants = [], conversations = [], initiatives = [], corrected = [];
        foreach (var decoded in events)
        {
            switch (decoded.Event)
            {
                case ParticipantRegistered r:
                    introduced.Add(r.ParticipantId);
                    break;
                case ParticipantMovedDepartment m:
                    Want(participants, m.ParticipantId, batch.Participants);
                    break;
                case ConversationOpened o:
                    introduced.Add(o.ConversationId);
                    break;
                case InitiativeEnded ended when !batch.Initiatives.ContainsKey(ended.InitiativeId):
                    initiatives.Add(ended.InitiativeId);
                    break;
                case InteractionRecorded r:
                    Want(conversations, r.ConversationId, batch.Conversations);
                    Want(participants, r.SenderId, batch.Participants);
                    for (var k = 0; k < r.ReceiverIds.Count; k++) Want(participants, r.ReceiverIds[k], batch.Participants);
                    break;
                case InteractionEvent i:
                    Want(conversations, i.ConversationId, batch.Conversations);
                    if (!batch.Interactions.ContainsKey(i.InteractionId)) corrected.Add(i.InteractionId);
                    break;
                case ConversationEvent c:
                    Want(conversations, c.ConversationId, batch.Conversations);
                    break;
            }
        }
        void Want<TValue>(HashSet<Guid> missing, Guid id, Dictionary<Guid, TValue> held)
        {
            if (!held.ContainsKey(id) && !introduced.Contains(id)) missing.Add(id);
        }
        // Corrections are rare: only when there are some, leave out those of interactions recorded in this same batch.
        if (corrected.Count > 0)
        {
            foreach (var decoded in events)
            {
                if (decoded.Event is InteractionRecorded r) corrected.Remove(r.InteractionId);
            }
        }
        var participantIds = participants.ToArray();
        var conversationIds = conversations.ToArray();
        var initiativeIds = initiatives.ToArray();

        if (participantIds.Length > 0)
        await using (var command = new NpgsqlCommand(
            $"SELECT participant_id, type, department, office, country, external_role, organisation_id, registered_position FROM {Table(tableSet, "participants")} WHERE participant_id = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = participantIds });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Participants[reader.GetGuid(0)] = new ParticipantRegistered(reader.GetGuid(0), Enum.Parse<ParticipantType>(reader.GetString(1), true),
                    Text(reader, 2), Text(reader, 3), Text(reader, 4),
                    reader.IsDBNull(5) ? null : Enum.Parse<ExternalRole>(reader.GetString(5), true), Text(reader, 6), default);
                batch.RegisteredAt[reader.GetGuid(0)] = reader.GetInt64(7);
            }
        }
        if (conversationIds.Length > 0)
        await using (var command = new NpgsqlCommand(
            $"SELECT conversation_id, channel, initiative_id, opened_at FROM {Table(tableSet, "conversations")} WHERE conversation_id = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = conversationIds });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                batch.Conversations[reader.GetGuid(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3));
        }
        // Only corrections need an interaction's current fact: the latest fact row (a reversal means it was voided).
        if (corrected.Count > 0)
        {
            await EnsureInteractionIndexAsync(connection, tableSet, cancellationToken);
            await using var command = new NpgsqlCommand(
                $"SELECT DISTINCT ON (interaction_id) sign, {FactRows.Columns} FROM {Table(tableSet, "facts")} " +
                "WHERE interaction_id = ANY($1) ORDER BY interaction_id, position DESC, seq DESC", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. corrected] });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt16(0) < 0)
                {
                    batch.Interactions[reader.GetGuid(1)] = (null, null);
                    continue;
                }
                var fact = FactRows.Read(reader, first: 1);
                batch.Interactions[fact.InteractionId] = (fact.ToInteraction(), fact);
            }
        }
        if (initiativeIds.Length > 0)
        await using (var command = new NpgsqlCommand(
            $"SELECT initiative_id, name, owner_id, hypothesis, starts_at, planned_end_at, ended_at, launched_position FROM {Table(tableSet, "initiatives")} WHERE initiative_id = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = initiativeIds });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var launch = new InitiativeLaunched(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
                batch.Initiatives[reader.GetGuid(0)] = new TransactionFolder.InitiativeRow(launch, reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt64(7));
            }
        }
    }

    /// <summary>
    /// The index a correction's look-up of its interaction's latest fact uses, created by the first look-up that needs it
    /// rather than with the table: it is the costliest index to keep while a table set is built (random keys), and a
    /// build that keeps its fold's state (<see cref="WarmState"/>) finds every interaction in memory, so a rebuild from
    /// position 0 never needs it. After a restart, or once the kept state was trimmed, the first correction creates it
    /// (one sort of the facts, inside that batch's transaction) and every later one uses it.
    /// </summary>
    private static async Task EnsureInteractionIndexAsync(NpgsqlConnection connection, string tableSet, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"CREATE INDEX IF NOT EXISTS {tableSet}_facts_interaction ON {Table(tableSet, "facts")} (interaction_id, position DESC, seq DESC)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteAsync(NpgsqlConnection connection, string tableSet, TransactionFolder batch, CancellationToken cancellationToken)
    {
        var participants = batch.ChangedParticipants.Select(id => batch.Participants[id]).ToList();
        if (participants.Count > 0)
        {
            await using var command = new NpgsqlCommand(
                $"INSERT INTO {Table(tableSet, "participants")} SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[]) " +
                "ON CONFLICT (participant_id) DO UPDATE SET type = EXCLUDED.type, department = EXCLUDED.department, office = EXCLUDED.office, " +
                "country = EXCLUDED.country, external_role = EXCLUDED.external_role, organisation_id = EXCLUDED.organisation_id", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. participants.Select(p => p.ParticipantId)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. participants.Select(p => WireName.Of(p.Type))] });
            AddTexts(command, participants.Select(p => p.Department));
            AddTexts(command, participants.Select(p => p.Office));
            AddTexts(command, participants.Select(p => p.Country));
            AddTexts(command, participants.Select(p => p.ExternalRole is { } r ? WireName.Of(r) : null));
            AddTexts(command, participants.Select(p => p.OrganisationId));
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. participants.Select(p => batch.RegisteredAt[p.ParticipantId])] });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var conversations = batch.ChangedConversations.Select(id => (Id: id, Row: batch.Conversations[id])).ToList();
        if (conversations.Count > 0)
        {
            await using var command = new NpgsqlCommand(
                $"INSERT INTO {Table(tableSet, "conversations")} SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[]) " +
                "ON CONFLICT (conversation_id) DO UPDATE SET channel = EXCLUDED.channel, initiative_id = EXCLUDED.initiative_id", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. conversations.Select(c => c.Id)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. conversations.Select(c => c.Row.Channel)] });
            command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = [.. conversations.Select(c => c.Row.InitiativeId)] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. conversations.Select(c => c.Row.OpenedAt.ToUniversalTime())] });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var initiatives = batch.ChangedInitiatives.Select(id => batch.Initiatives[id]).ToList();
        if (initiatives.Count > 0)
        {
            await using var command = new NpgsqlCommand(
                $"INSERT INTO {Table(tableSet, "initiatives")} SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::bigint[]) " +
                "ON CONFLICT (initiative_id) DO UPDATE SET ended_at = EXCLUDED.ended_at", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. initiatives.Select(i => i.Launch.InitiativeId)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. initiatives.Select(i => i.Launch.Name)] });
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. initiatives.Select(i => i.Launch.OwnerId)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. initiatives.Select(i => i.Launch.Hypothesis)] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. initiatives.Select(i => i.Launch.StartsAt.ToUniversalTime())] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = [.. initiatives.Select(i => i.Launch.PlannedEndAt?.ToUniversalTime())] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = [.. initiatives.Select(i => i.EndedAt?.ToUniversalTime())] });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. initiatives.Select(i => i.LaunchedPosition)] });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (batch.Facts.Count > 0)
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY {Table(tableSet, "facts")} (position, seq, event_id, sign, interaction_id, conversation_id, kind, subtype, amount, currency, quantity, unit, " +
                "valence, intensity, occurred_at, initiative_id, channel, department, counterpart_id, sender_id, receiver_ids) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var (position, seq, eventId, sign, f) in batch.Facts)
            {
                importer.StartRow();
                importer.Write(position, NpgsqlDbType.Bigint);
                importer.Write(seq, NpgsqlDbType.Integer);
                importer.Write(eventId, NpgsqlDbType.Uuid);
                importer.Write(sign, NpgsqlDbType.Smallint);
                importer.Write(f.InteractionId, NpgsqlDbType.Uuid);
                importer.Write(f.ConversationId, NpgsqlDbType.Uuid);
                importer.Write(WireName.Of(f.Kind), NpgsqlDbType.Text);
                importer.Write(f.Subtype, NpgsqlDbType.Text);
                importer.Write(f.Amount, NpgsqlDbType.Numeric);
                WriteNullable(importer, f.Currency);
                importer.Write(f.Quantity, NpgsqlDbType.Numeric);
                WriteNullable(importer, f.Unit);
                importer.Write(f.Valence, NpgsqlDbType.Numeric);
                importer.Write(f.Intensity, NpgsqlDbType.Integer);
                importer.Write(f.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                if (f.InitiativeId is { } initiative) importer.Write(initiative, NpgsqlDbType.Uuid); else importer.WriteNull();
                importer.Write(f.Channel, NpgsqlDbType.Text);
                WriteNullable(importer, f.Department);
                if (f.CounterpartId is { } counterpart) importer.Write(counterpart, NpgsqlDbType.Uuid); else importer.WriteNull();
                importer.Write(f.SenderId, NpgsqlDbType.Uuid);
                importer.Write(f.ReceiverIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        if (batch.Costs.Count > 0)
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY {Table(tableSet, "costs")} (position, seq, event_id, initiative_id, cost_id, amount, currency, category, incurred_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var (position, seq, eventId, c) in batch.Costs)
            {
                importer.StartRow();
                importer.Write(position, NpgsqlDbType.Bigint);
                importer.Write(seq, NpgsqlDbType.Integer);
                importer.Write(eventId, NpgsqlDbType.Uuid);
                importer.Write(c.InitiativeId, NpgsqlDbType.Uuid);
                importer.Write(c.CostId, NpgsqlDbType.Uuid);
                importer.Write(c.Cost.Amount, NpgsqlDbType.Numeric);
                importer.Write(c.Cost.Currency.ToUpperInvariant(), NpgsqlDbType.Text);
                importer.Write(WireName.Of(c.Category), NpgsqlDbType.Text);
                importer.Write(c.IncurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            }
            await importer.CompleteAsync(cancellationToken);
        }
    }

    private static void AddTexts(NpgsqlCommand command, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null) importer.WriteNull();
        else importer.Write(value, NpgsqlDbType.Text);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
