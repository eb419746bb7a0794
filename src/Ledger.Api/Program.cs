using Ledger.Api.Audit;
using Ledger.Api.Conversations;
using Ledger.Api.Decisions;
using Ledger.Api.Demo;
using Ledger.Api.Health;
using Ledger.Api.Hosting;
using Ledger.Api.Imports;
using Ledger.Api.Initiatives;
using Ledger.Api.Lineage;
using Ledger.Api.Participants;
using Ledger.Api.PersonalData;
using Ledger.Api.Pilots;
using Ledger.Api.Projections;
using Ledger.Api.Reports;
using Ledger.Api.Security;

var builder = WebApplication.CreateBuilder(args);
if (!LedgerDatabase.CanStart(builder.Configuration)) return 1;
builder.AddLedger();

var app = builder.Build();
app.UseLedger();

app.MapHealthApi();
app.MapParticipantsApi();
app.MapConversationsApi();
app.MapInteractionsApi();
app.MapInitiativesApi();
app.MapDecisionsApi();
app.MapAuditApi();
app.MapKeysApi();
app.MapProjectionsApi();
app.MapReportsApi();
app.MapSettingsApi();
app.MapSnapshotsApi();
app.MapPilotsApi();
app.MapLineageApi();
app.MapErasureApi();
app.MapImportsApi();
app.MapDemoApi();

app.Run();
return 0;

/// <summary>Exposed for WebApplicationFactory in the API tests.</summary>
public partial class Program;
