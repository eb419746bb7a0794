using System.CommandLine;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ledger.Domain.Participants;
using Ledger.EventStore.Verification;
using Ledger.Import;
using Ledger.Import.Classification;
using Ledger.Import.Interchange;
using Ledger.Import.Sources;

namespace Ledger.Cli.Commands;

/// <summary>
/// import: reads an export (CSV, JSON Lines, a Slack export, an mbox), and feeds the API in bounded batches. Message
/// formats are hashed and classified here, so their words never leave this process; JSON Lines (the ledger's own
/// format) goes to the bulk path as is. Ids derive from the source, so a re-run, whole or after an interruption,
/// writes nothing twice.
/// </summary>
internal static class ImportCommand
{
    private const int MessagesPerBatch = 1_000;
    private const int MaxLinesPerBatch = 20_000;
    private const int MaxBatchBytes = 3_500_000;

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The export: a .csv, .jsonl, .mbox file, or a Slack export folder or .zip" };
        var format = new Option<string>("--format") { Description = "csv, jsonl, slack or mbox (default: from the path)" };
        format.AcceptOnlyFromAmong([.. ExportFormats.All]);
        var rules = new Option<FileInfo?>("--rules") { Description = "Classification rules (YAML); default: the built-in rule set" };
        var onError = new Option<string>("--on-error") { Description = "skip (report malformed records and go on) or abort", DefaultValueFactory = _ => "skip" };
        onError.AcceptOnlyFromAmong("skip", "abort");
        var internalDomains = new Option<string[]>("--internal-domain") { Description = "E-mail domain of your own staff (repeatable); others are external", AllowMultipleArgumentsPerToken = true };
        var externalRole = new Option<ExternalRole>("--external-role") { Description = "Role of external people: Customer, Partner, Supplier or CommunityMember", DefaultValueFactory = _ => ExternalRole.Customer };
        var initiative = new Option<Guid?>("--initiative") { Description = "Attach new conversations to this initiative" };
        var batchSize = new Option<int?>("--batch-size") { Description = $"Records per request (default: {MessagesPerBatch} messages; for JSON Lines as many events as fit {MaxBatchBytes / 1_000_000.0:0.#} MB, at most {MaxLinesPerBatch:N0})" };
        batchSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > MaxLinesPerBatch) r.AddError($"--batch-size must be between 1 and {MaxLinesPerBatch:N0}");
        });
        var command = new Command("import",
            "Import conversations: people become participants, threads conversations, messages classified interactions (recorder key; JSON Lines needs admin).\n" +
            "  example: ledger import messages.csv --internal-domain acme.example\n" +
            "  example: ledger import slack-export.zip --rules rules.yaml\n" +
            "  example: ledger import archive.mbox --on-error abort\n" +
            "  example: ledger import export.jsonl")
        {
            path, format, rules, onError, internalDomains, externalRole, initiative, batchSize,
        };
        command.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(path)!;
            if (!File.Exists(source) && !Directory.Exists(source)) throw new CliException($"'{source}' does not exist");
            var chosen = parse.GetValue(format) ?? ExportFormats.Detect(source)
                ?? throw new CliException($"cannot tell the format of '{source}' from its name: pass --format csv|jsonl|slack|mbox");
            var abort = parse.GetValue(onError) == "abort";
            using var api = CommonOptions.Api(parse);
            if (chosen == ExportFormats.JsonLines)
                return await ImportEventLinesAsync(api, source, abort, parse.GetValue(batchSize) ?? MaxLinesPerBatch, ct);
            var options = new BatchOptions(parse.GetValue(internalDomains) ?? [], parse.GetValue(externalRole), parse.GetValue(initiative));
            var perBatch = Math.Min(parse.GetValue(batchSize) ?? MessagesPerBatch, MessagesPerBatch * 2);
            return await ImportMessagesAsync(api, ExportFormats.Open(source, chosen), ClassifyCommand.LoadRules(parse.GetValue(rules)), options, abort, perBatch, ct);
        });
        return command;
    }

    private sealed record BatchOptions(IReadOnlyList<string> InternalDomains, ExternalRole ExternalRole, Guid? InitiativeId);

    private static async Task<int> ImportMessagesAsync(LedgerApi api, IMessageSource source, RuleSet rules, BatchOptions options, bool abort, int perBatch, CancellationToken ct)
    {
        var bar = new ProgressBar("importing", null, "messages");
        var batch = new List<ImportedMessage>(perBatch);
        var locations = new List<SourceLocation>(perBatch);
        long recorded = 0, already = 0, skipped = 0, malformed = 0, participants = 0, conversations = 0;
        foreach (var record in source.Read(ct))
        {
            switch (record)
            {
                case MalformedRecord bad:
                    malformed++;
                    Console.Error.WriteLine($"{bad.Location}: {bad.Reason}");
                    if (abort) throw new CliException($"aborted at {bad.Location}: {bad.Reason} ({recorded} messages recorded before it; re-run to resume)");
                    break;
                case MessageRecord { Message: var message }:
                    batch.Add(MessagePreparer.Prepare(message, rules.Classify));
                    locations.Add(message.Location);
                    if (batch.Count == perBatch) await SendAsync();
                    break;
            }
        }
        if (batch.Count > 0) await SendAsync();
        bar.Finish();
        Console.WriteLine($"{recorded:N0} messages recorded, {already:N0} already recorded, {skipped:N0} skipped, {malformed:N0} malformed; " +
                          $"{participants:N0} participants registered, {conversations:N0} conversations opened");
        return malformed > 0 || skipped > 0 ? 2 : 0;

        async Task SendAsync()
        {
            using var response = await api.PostContentAsync("/api/imports/messages",
                JsonContent.Create(new MessageBatch(batch, options.InternalDomains, options.ExternalRole, options.InitiativeId), options: Wire.Options), ct);
            var result = response.RootElement.Deserialize<MessageBatchResult>(Wire.Options)!;
            recorded += result.Recorded;
            already += result.AlreadyRecorded;
            participants += result.ParticipantsRegistered;
            conversations += result.ConversationsOpened;
            foreach (var skip in result.Skipped)
            {
                skipped++;
                Console.Error.WriteLine($"{locations[skip.Index]}: skipped: {skip.Reason}");
            }
            bar.Advance(batch.Count);
            batch.Clear();
            locations.Clear();
        }
    }

    private static async Task<int> ImportEventLinesAsync(LedgerApi api, string file, bool abort, int perBatch, CancellationToken ct)
    {
        var total = new FileInfo(file).Length;
        var bar = new ProgressBar("importing", total, "bytes");
        long imported = 0, present = 0, malformed = 0, bytes = 0;
        var batch = new StringBuilder();
        var lines = 0;
        // Two batches in flight: the API checks one while it writes the other; each names the last event of the one
        // before it (Import-After), so the API writes them in the file's order. A failure cancels the other.
        var inFlight = new Queue<Task<JsonDocument>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Guid? lastOfBatch = null, lastOfPrevious = null;
        var lineNumber = 0L;
        var finished = false;
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                bytes += Encoding.UTF8.GetByteCount(line) + 1;
                if (string.IsNullOrWhiteSpace(line)) continue;
                Guid eventId;
                try
                {
                    eventId = LedgerExport.ToImport(line).Event.EventId;
                }
                catch (FormatException ex)
                {
                    malformed++;
                    Console.Error.WriteLine($"{Path.GetFileName(file)}:{lineNumber}: {ex.Message}");
                    if (abort)
                    {
                        while (inFlight.Count > 0) Account(await inFlight.Dequeue()); // so that the count below is exact
                        throw new CliException($"aborted at {Path.GetFileName(file)}:{lineNumber}: {ex.Message} ({imported} events imported before it; re-run to resume)");
                    }
                    continue;
                }
                if (lines == perBatch || batch.Length + line.Length > MaxBatchBytes) await FlushAsync();
                batch.Append(line).Append('\n');
                lines++;
                lastOfBatch = eventId;
            }
            await FlushAsync();
            while (inFlight.Count > 0) Account(await inFlight.Dequeue());
            finished = true;
        }
        finally
        {
            if (!finished) await stop.CancelAsync(); // a failed batch: the one after it must not wait for it
        }
        bar.Finish();
        Console.WriteLine($"{imported:N0} events imported, {present:N0} already present, {malformed:N0} malformed lines");
        return malformed > 0 ? 2 : 0;

        async Task FlushAsync()
        {
            if (lines == 0) return;
            if (inFlight.Count == 2) Account(await inFlight.Dequeue());
            var headers = lastOfPrevious is { } after ? new Dictionary<string, string> { ["Import-After"] = after.ToString() } : null;
            inFlight.Enqueue(api.PostContentAsync("/api/imports/events", new StringContent(batch.ToString(), Encoding.UTF8, "application/x-ndjson"), headers, stop.Token));
            lastOfPrevious = lastOfBatch;
            batch.Clear();
            lines = 0;
        }

        void Account(JsonDocument response)
        {
            using (response)
            {
                var result = response.RootElement.Deserialize<EventLinesResult>(Wire.Options)!;
                imported += result.Imported;
                present += result.AlreadyPresent;
            }
            bar.Report(bytes);
        }
    }
}

/// <summary>JSON as the API speaks it: camelCase, enums as strings.</summary>
internal static class Wire
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
