using System.Text.Json;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Npgsql;

namespace Ledger.Projections.ReadModels;

/// <summary>The ROI report as of one position: what the report endpoint serves.</summary>
public sealed record RoiAnswer(long AsOfPosition, ValuationModel Model, IReadOnlyList<InitiativeRoi> Initiatives);

/// <summary>
/// The ROI report at the head of the log, answered from <see cref="RoiTotals"/> kept in memory instead of reading
/// and valuing every fact on each request. One instance per process, shared by its requests.
/// <list type="bullet">
/// <item>The totals are a fold over the active table set's fact and cost rows up to a position P. A request for a
/// later position first folds the rows in (P, head] (an indexed range read of what the daemon committed since), so
/// an answer never lags the read model: the caller has waited for the daemon's checkpoint to reach the head.</item>
/// <item>The valuation model and the rates are events, so they too are read as of the position; when they differ from
/// the previous answer's, every total is valued again (the totals themselves do not change).</item>
/// <item>Only the initiatives whose totals changed are computed again; an answer for the same position (a static
/// head) is returned as it was.</item>
/// <item>A swap of the active table set (a rebuild) starts over from position 0. Positions before P (time travel) and
/// a figure the totals cannot value (a missing rate) are computed over the facts (<see cref="ComputeAsync"/>), so
/// that the answer, or the error, is the one the facts give.</item>
/// </list>
/// </summary>
public sealed class HeadRoi
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, (long Version, int Settings, RoiReport Report)> _reports = [];
    private string? _tableSet;
    private long _position;
    private RoiTotals _totals = new();
    private IReadOnlyList<InitiativeInfo> _initiatives = [];
    private (ValuationModel Model, ConversionRates Rates, string Key) _settings;
    private long _settingsChanged;
    private int _settingsVersion;
    private RoiAnswer? _answer;

    /// <summary>Position the totals have been folded up to (0 when empty).</summary>
    public long Position => _position;

    /// <summary>
    /// The ROI report as of <paramref name="head"/> or later: the position answered is the later of
    /// <paramref name="head"/> and the last one answered, which the read model had reached too. The caller has waited
    /// for the active table set's checkpoint to reach <paramref name="head"/>.
    /// </summary>
    public async Task<RoiAnswer> AtHeadAsync(EventStore.EventStore store, string tableSet, long head, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_tableSet != tableSet) Reset(tableSet);
            var position = Math.Max(head, _position);
            if (_answer is { } answered && answered.AsOfPosition == position) return answered;
            if (position > _position || _answer is null) await CatchUpAsync(store, position, cancellationToken);
            var (model, rates, _) = _settings;
            try
            {
                _answer = new RoiAnswer(position, model, Compute(model, rates));
            }
            catch (Exception ex) when (ex is MissingConversionRateException or ArgumentException)
            {
                // Not valued: the computation over the facts gives the error (or the answer) with its exact message.
                return await ComputeAsync(store, tableSet, position, cancellationToken);
            }
            return _answer;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The ROI report computed over the facts in force at <paramref name="position"/> (time travel, and the reference for the totals).</summary>
    public static async Task<RoiAnswer> ComputeAsync(EventStore.EventStore store, string tableSet, long position, CancellationToken cancellationToken)
    {
        var data = await ReportData.LoadAsync(store.DataSource, tableSet, position, cancellationToken);
        var (model, rates) = await ReportSettings.LoadAsync(store, position, cancellationToken);
        return new RoiAnswer(position, model, RoiByInitiative.Compute(data, model, rates));
    }

    private List<InitiativeRoi> Compute(ValuationModel model, ConversionRates rates)
    {
        // Collected first and kept only when every initiative was valued, so that a failure leaves nothing half-done.
        var computed = new List<(Guid Id, long Version, RoiReport Report)>();
        var answer = new List<InitiativeRoi>(_initiatives.Count);
        foreach (var initiative in _initiatives)
        {
            var version = _totals.VersionOf(initiative.InitiativeId);
            if (!_reports.TryGetValue(initiative.InitiativeId, out var kept) || kept.Version != version || kept.Settings != _settingsVersion)
            {
                kept = (version, _settingsVersion, _totals.Compute(initiative.InitiativeId, model, rates, _settingsVersion));
                computed.Add((initiative.InitiativeId, version, kept.Report));
            }
            answer.Add(new InitiativeRoi(initiative.InitiativeId, initiative.Name, kept.Report));
        }
        foreach (var (id, version, report) in computed) _reports[id] = (version, _settingsVersion, report);
        return answer;
    }

    /// <summary>Folds the rows in (P, <paramref name="position"/>] and reads the initiatives and settings as of it, in one round trip.</summary>
    private async Task CatchUpAsync(EventStore.EventStore store, long position, CancellationToken cancellationToken)
    {
        var tableSet = _tableSet!;
        var done = false;
        try
        {
            long settingsChanged;
            await using (var batch = store.DataSource.CreateBatch())
            {
                batch.BatchCommands.Add(Command(ReportData.FactRowsSql(tableSet), _position, position));
                batch.BatchCommands.Add(Command(ReportData.CostRowsSql(tableSet), _position, position));
                batch.BatchCommands.Add(Command(ReportData.InitiativesSql(tableSet), position));
                batch.BatchCommands.Add(Command(ReportSettings.LastChangeSql(store), position));
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var (_, _, sign, fact) = ReportData.ReadFactRow(reader);
                    _totals.Apply(sign, fact);
                }
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) _totals.Apply(ReportData.ReadCostRow(reader));
                await reader.NextResultAsync(cancellationToken);
                var initiatives = new List<InitiativeInfo>();
                while (await reader.ReadAsync(cancellationToken)) initiatives.Add(ReportData.ReadInitiativeRow(reader));
                _initiatives = initiatives;
                await reader.NextResultAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                settingsChanged = reader.GetInt64(0);
            }
            // No settings event since the last read: the model and rates in force are the ones already read.
            if (_settings.Key is null || settingsChanged != _settingsChanged)
            {
                var (model, rates) = await ReportSettings.LoadAsync(store, position, cancellationToken);
                var key = JsonSerializer.Serialize(model, DomainJson.Options) + JsonSerializer.Serialize(rates.Rates, DomainJson.Options);
                if (key != _settings.Key) _settingsVersion++;
                _settings = (model, rates, key);
                _settingsChanged = settingsChanged;
            }
            _position = position;
            done = true;
        }
        finally
        {
            // Rows folded without reaching the end (cancelled, connection lost) leave totals of no position: start over.
            if (!done) Reset(tableSet);
        }

        static NpgsqlBatchCommand Command(string sql, params long[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = parameter });
            return command;
        }
    }

    private void Reset(string? tableSet)
    {
        _tableSet = tableSet;
        _position = 0;
        _totals = new RoiTotals();
        _initiatives = [];
        _reports.Clear();
        _settings = default;
        _settingsChanged = 0;
        _answer = null;
    }
}
