namespace Ledger.EventStore.Schema;

/// <summary>
/// The store's schema, as an ordered list of migrations. A migration is never edited once released: add a new one.
/// <c>{s}</c> stands for the configured schema name.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<(int Version, string Description, string Sql)> All { get; } =
    [
        (1, "events, head, immutability, append and time-travel functions", V1),
    ];

    public static int Latest => All[^1].Version;

    private const string V1 = """
        CREATE TABLE {s}.events (
            position        bigint      NOT NULL PRIMARY KEY,
            stream_id       text        NOT NULL,
            stream_version  bigint      NOT NULL,
            event_id        uuid        NOT NULL UNIQUE,
            event_type      text        NOT NULL,
            schema_version  integer     NOT NULL,
            data            jsonb       NOT NULL,
            actor           text        NOT NULL,
            correlation_id  text,
            causation_id    text,
            occurred_at     timestamptz NOT NULL,
            recorded_at     timestamptz NOT NULL,
            hash            bytea       NOT NULL,
            CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
        );

        -- One row: the last position and its chain hash. Every append locks it, which is what makes positions
        -- gap-free and commit-ordered: the next writer can only take the lock once the previous one has committed.
        CREATE TABLE {s}.head (
            id          integer     NOT NULL PRIMARY KEY CHECK (id = 1),
            position    bigint      NOT NULL,
            hash        bytea       NOT NULL,
            recorded_at timestamptz NOT NULL
        );
        INSERT INTO {s}.head VALUES (1, 0, decode(repeat('00', 32), 'hex'), '-infinity');

        CREATE FUNCTION {s}.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Corrections are new events.';
        END $$;
        CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON {s}.events
            FOR EACH ROW EXECUTE FUNCTION {s}.refuse_rewrite();
        CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON {s}.events
            FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_rewrite();
        CREATE TRIGGER head_refuse_delete BEFORE DELETE ON {s}.head
            FOR EACH ROW EXECUTE FUNCTION {s}.refuse_rewrite();
        CREATE TRIGGER head_refuse_truncate BEFORE TRUNCATE ON {s}.head
            FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_rewrite();

        CREATE FUNCTION {s}.head_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.position < OLD.position THEN
                RAISE EXCEPTION 'the ledger head cannot move backwards (% -> %)', OLD.position, NEW.position
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER head_only_grows BEFORE UPDATE ON {s}.head
            FOR EACH ROW EXECUTE FUNCTION {s}.head_only_grows();

        -- One round trip per group commit. The client computed positions and hashes from the head it believes
        -- current and the stream versions it believes current; this function checks them under the head lock and
        -- writes only if they hold. A stale head or a missing assumed version returns a status; an id already stored
        -- or a stream that has grown past the assumed version is refused by the unique indexes (SQLSTATE 23505, which
        -- the client maps back to "duplicate" or "stream moved"). Either way nothing is written and the client re-plans.
        -- enable_seqscan is off inside the function: its plans are cached while the table may still be empty, and a
        -- plan that scans the table would then scan it forever; every lookup here has an index.
        CREATE FUNCTION {s}.append_events(
            p_head_position bigint, p_head_hash bytea,
            p_check_streams text[], p_check_versions bigint[],
            p_stream_ids text[], p_stream_versions bigint[], p_event_ids uuid[], p_types text[],
            p_schema_versions integer[], p_data jsonb[], p_actors text[], p_correlation_ids text[],
            p_causation_ids text[], p_occurred_at timestamptz[], p_recorded_at timestamptz, p_hashes bytea[])
        RETURNS text LANGUAGE plpgsql SET enable_seqscan = off AS $$
        DECLARE
            h record;
            n integer := cardinality(p_event_ids);
        BEGIN
            SELECT position, hash, recorded_at INTO h FROM {s}.head WHERE id = 1 FOR UPDATE;
            IF h.position <> p_head_position OR h.hash <> p_head_hash OR p_recorded_at < h.recorded_at THEN
                RETURN 'head_moved';
            END IF;
            IF EXISTS (
                SELECT 1 FROM unnest(p_check_streams, p_check_versions) AS c(stream_id, version)
                WHERE c.version > 0 AND NOT EXISTS (
                    SELECT 1 FROM {s}.events e WHERE e.stream_id = c.stream_id AND e.stream_version = c.version)
            ) THEN
                RETURN 'stream_moved';
            END IF;
            INSERT INTO {s}.events (position, stream_id, stream_version, event_id, event_type, schema_version, data,
                                    actor, correlation_id, causation_id, occurred_at, recorded_at, hash)
            SELECT p_head_position + u.ord, u.stream_id, u.stream_version, u.event_id, u.event_type, u.schema_version,
                   u.data, u.actor, u.correlation_id, u.causation_id, u.occurred_at, p_recorded_at, u.hash
            FROM unnest(p_stream_ids, p_stream_versions, p_event_ids, p_types, p_schema_versions, p_data, p_actors,
                        p_correlation_ids, p_causation_ids, p_occurred_at, p_hashes)
                 WITH ORDINALITY AS u(stream_id, stream_version, event_id, event_type, schema_version, data, actor,
                                      correlation_id, causation_id, occurred_at, hash, ord);
            UPDATE {s}.head SET position = p_head_position + n, hash = p_hashes[n], recorded_at = p_recorded_at
            WHERE id = 1;
            PERFORM pg_notify('{s}_events', (p_head_position + n)::text);
            RETURN 'ok';
        END $$;

        -- Time travel by timestamp: recorded_at never decreases along positions (append_events enforces it), so a
        -- binary search over the primary key finds the last position recorded at or before a moment in ~log2(n) probes.
        CREATE FUNCTION {s}.position_at(p_moment timestamptz) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
        DECLARE
            lo bigint := 0;
            hi bigint;
            mid bigint;
            t timestamptz;
        BEGIN
            SELECT position INTO hi FROM {s}.head WHERE id = 1;
            WHILE lo < hi LOOP
                mid := (lo + hi + 1) / 2;
                SELECT recorded_at INTO t FROM {s}.events WHERE position = mid;
                IF t <= p_moment THEN lo := mid; ELSE hi := mid - 1; END IF;
            END LOOP;
            RETURN lo;
        END $$;
        """;
}
