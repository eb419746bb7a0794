using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;

namespace Ledger.Projections.Demo;

/// <summary>
/// What each kind of counterpart talks about, where, and what it exchanges: customers buy, ask and complain; partners
/// refer deals; suppliers ship and invoice; community members answer each other on the forum and build on earlier answers.
/// </summary>
internal static class DemoPayloads
{
    private static readonly (Channel Value, int Weight)[] CustomerChannels =
        [(Channel.Email, 35), (Channel.Call, 20), (Channel.Meeting, 15), (Channel.Chat, 20), (Channel.SocialNetwork, 10)];
    private static readonly (Channel Value, int Weight)[] PartnerChannels = [(Channel.Meeting, 40), (Channel.Email, 40), (Channel.Call, 20)];
    private static readonly (Channel Value, int Weight)[] SupplierChannels = [(Channel.Email, 50), (Channel.Call, 30), (Channel.Other, 20)];
    private static readonly (Channel Value, int Weight)[] CommunityChannels = [(Channel.Forum, 60), (Channel.SocialNetwork, 25), (Channel.Chat, 15)];

    private static readonly string[] CustomerTopics = ["pricing", "onboarding", "invoice", "renewal", "outage", "integration"];
    private static readonly string[] PartnerTopics = ["co-selling", "referral", "roadmap", "training", "certification"];
    private static readonly string[] SupplierTopics = ["delivery", "invoice", "contract", "spare parts", "quality"];
    private static readonly string[] CommunityTopics = ["how-to", "bug report", "feature idea", "integration", "release notes"];

    private static readonly string[] CustomerDesks = ["sales", "support"];
    private static readonly string[] PartnerDesks = ["sales", "marketing"];
    private static readonly string[] SupplierDesks = ["logistics", "finance", "engineering"];
    private static readonly string[] CommunityDesks = ["community", "support", "engineering", "marketing"];
    private static readonly string[] Specialists = ["engineering", "finance", "logistics", "management"];

    // Monetary, informational, logistical, emotional: out of 100.
    private static readonly int[] CustomerKinds = [30, 30, 20, 20];
    private static readonly int[] PartnerKinds = [25, 45, 10, 20];
    private static readonly int[] SupplierKinds = [35, 15, 45, 5];
    private static readonly int[] CommunityKinds = [5, 55, 5, 35];

    private static readonly Classification Imported = new(ClassificationSource.Import, null, 1m);
    private static readonly Classification Manual = new(ClassificationSource.Manual, null, 1m);

    public static Channel ChannelFor(ExternalRole role, Random random) => Pick(random, role switch
    {
        ExternalRole.Customer => CustomerChannels,
        ExternalRole.Partner => PartnerChannels,
        ExternalRole.Supplier => SupplierChannels,
        _ => CommunityChannels,
    });

    public static string TopicFor(ExternalRole role, Random random)
    {
        var topics = role switch
        {
            ExternalRole.Customer => CustomerTopics,
            ExternalRole.Partner => PartnerTopics,
            ExternalRole.Supplier => SupplierTopics,
            _ => CommunityTopics,
        };
        return topics[random.Next(topics.Length)];
    }

    public static ReadOnlySpan<string> DesksFor(ExternalRole role) => role switch
    {
        ExternalRole.Customer => CustomerDesks,
        ExternalRole.Partner => PartnerDesks,
        ExternalRole.Supplier => SupplierDesks,
        _ => CommunityDesks,
    };

    /// <summary>The departments a colleague is pulled in from when a conversation needs a specialist.</summary>
    public static ReadOnlySpan<string> SpecialistDesks => Specialists;

    public static string SourceSystem(Channel channel) => channel switch
    {
        Channel.Email => "exchange",
        Channel.Meeting => "calendar",
        Channel.Call => "telephony",
        Channel.Forum => "discourse",
        Channel.Chat => "slack",
        Channel.SocialNetwork => "linkedin",
        _ => "supplier-portal",
    };

    public static ConversationOutcome OutcomeFor(ExternalRole role, Random random)
    {
        var roll = random.Next(100);
        return role switch
        {
            ExternalRole.Customer or ExternalRole.Partner => roll switch
            {
                < 35 => ConversationOutcome.Won,
                < 65 => ConversationOutcome.Resolved,
                < 80 => ConversationOutcome.Lost,
                < 88 => ConversationOutcome.Unresolved,
                < 95 => ConversationOutcome.Abandoned,
                _ => ConversationOutcome.Other,
            },
            ExternalRole.Supplier => roll switch
            {
                < 60 => ConversationOutcome.Resolved,
                < 75 => ConversationOutcome.Unresolved,
                < 90 => ConversationOutcome.Other,
                _ => ConversationOutcome.Abandoned,
            },
            _ => roll switch
            {
                < 55 => ConversationOutcome.Resolved,
                < 75 => ConversationOutcome.Unresolved,
                < 95 => ConversationOutcome.Abandoned,
                _ => ConversationOutcome.Other,
            },
        };
    }

    /// <summary>
    /// One interaction's payload. An informational one may build on an earlier answer in the same conversation
    /// (<paramref name="earlierHere"/>) or, more often in the community, on one from another conversation.
    /// </summary>
    public static TransactionPayload For(ExternalRole role, Random random, string topic, string currency, Guid? earlierHere, DemoCitations citations)
    {
        var odds = role switch
        {
            ExternalRole.Customer => CustomerKinds,
            ExternalRole.Partner => PartnerKinds,
            ExternalRole.Supplier => SupplierKinds,
            _ => CommunityKinds,
        };
        var roll = random.Next(100);
        if ((roll -= odds[0]) < 0) return Monetary(role, random, currency);
        if ((roll -= odds[1]) < 0) return Informational(role, random, topic, earlierHere, citations);
        if (roll - odds[2] < 0) return Logistical(role, random);
        return Emotional(role, random);
    }

    public static Classification ClassificationFor(TransactionPayload payload, Random random)
    {
        var roll = random.Next(10);
        if (roll == 0) return Manual;
        if (roll < 3) return Imported;
        return new Classification(ClassificationSource.Rule, $"demo-{payload.Kind.ToString().ToLowerInvariant()}", 0.6m + random.Next(40) / 100m);
    }

    /// <summary>A correction that always changes the payload, so the reclassification is never a no-op.</summary>
    public static (TransactionPayload Payload, string Reason) Corrected(TransactionPayload payload, string topic) => payload switch
    {
        InformationalPayload => (new EmotionalPayload(EmotionalSignal.Gratitude, 0.8m, 3), "thank-you note, not a document"),
        EmotionalPayload => (new InformationalPayload(InformationKind.Feedback, topic), "product feedback, not a feeling"),
        MonetaryPayload m => (m with { Amount = Math.Round(m.Amount * 0.9m, 2) }, "amount corrected from the signed invoice"),
        LogisticalPayload l => (l with { Status = l.Status == LogisticalStatus.Returned ? LogisticalStatus.Delivered : LogisticalStatus.Returned },
            "status corrected from the carrier's tracking"),
        _ => throw new ArgumentOutOfRangeException(nameof(payload), payload.GetType().Name, "Unknown payload."),
    };

    private static MonetaryPayload Monetary(ExternalRole role, Random random, string currency)
    {
        var u = random.NextDouble();
        var (direction, amount, prefix) = role switch
        {
            ExternalRole.Supplier => random.Next(10) < 7 ? (MoneyDirection.Cost, 200 + 20_000 * u * u, "po:PO") : (MoneyDirection.Saving, 100 + 3_000 * u, "po:PO"),
            ExternalRole.CommunityMember => (MoneyDirection.Saving, 20 + 400 * u, "ticket:DEFLECTED"),
            _ => random.Next(10) switch
            {
                < 8 => (MoneyDirection.Revenue, 100 + 9_000 * u * u, "invoice:INV"),
                8 => (MoneyDirection.Saving, 50 + 2_000 * u, "invoice:INV"),
                _ => (MoneyDirection.Cost, 50 + 1_500 * u, "refund:RF"),
            },
        };
        return new MonetaryPayload(Math.Round((decimal)amount, 2), currency, direction, $"{prefix}-{random.Next(10_000, 99_999)}");
    }

    private static InformationalPayload Informational(ExternalRole role, Random random, string topic, Guid? earlierHere, DemoCitations citations)
    {
        var what = role switch
        {
            ExternalRole.Partner => random.Next(3) switch { 0 => InformationKind.Referral, 1 => InformationKind.Idea, _ => InformationKind.Document },
            ExternalRole.Supplier => InformationKind.Document,
            ExternalRole.CommunityMember => random.Next(4) switch { 0 or 1 => InformationKind.Answer, 2 => InformationKind.Idea, _ => InformationKind.Feedback },
            _ => random.Next(3) switch { 0 or 1 => InformationKind.Answer, _ => InformationKind.Document },
        };
        Guid? buildsOn = null;
        var roll = random.Next(12);
        if (earlierHere is { } here && roll < 4) buildsOn = here;
        else if (roll >= (role == ExternalRole.CommunityMember ? 8 : 11)
                 && citations.Sample(EntityKind.InformationalInteraction, 1, random) is [var elsewhere]) buildsOn = elsewhere.Id;
        return new InformationalPayload(what, topic, buildsOn);
    }

    private static LogisticalPayload Logistical(ExternalRole role, Random random) => role switch
    {
        ExternalRole.Supplier => new LogisticalPayload(random.Next(3) switch { 0 => "spare parts", 1 => "servers", _ => "consulting" },
            random.Next(1, 40), random.Next(3) == 2 ? "hour" : "unit", (LogisticalStatus)random.Next(0, 4)),
        ExternalRole.Partner => new LogisticalPayload(random.Next(2) == 0 ? "demo kit" : "training seat", random.Next(1, 6), "unit",
            (LogisticalStatus)random.Next(0, 3)),
        ExternalRole.CommunityMember => new LogisticalPayload("swag pack", 1, "unit", LogisticalStatus.Shipped),
        _ => new LogisticalPayload(random.Next(4) switch { 0 => "laptop", 1 => "router", 2 => "licence pack", _ => "on-site service" },
            random.Next(1, 20), "unit", (LogisticalStatus)random.Next(0, 4)),
    };

    private static EmotionalPayload Emotional(ExternalRole role, Random random)
    {
        var signal = role switch
        {
            ExternalRole.Partner => random.Next(4) == 0 ? EmotionalSignal.Frustration : EmotionalSignal.Trust,
            ExternalRole.CommunityMember => random.Next(5) switch { 0 or 1 => EmotionalSignal.Gratitude, 2 => EmotionalSignal.Praise, 3 => EmotionalSignal.Frustration, _ => EmotionalSignal.Other },
            _ => (EmotionalSignal)random.Next(0, 6),
        };
        var strength = Math.Round((decimal)random.NextDouble(), 2);
        var valence = signal switch
        {
            EmotionalSignal.Gratitude or EmotionalSignal.Praise or EmotionalSignal.Trust => strength,
            EmotionalSignal.Other => Math.Round(strength / 5, 2),
            _ => -strength,
        };
        return new EmotionalPayload(signal, valence, random.Next(1, 6));
    }

    private static T Pick<T>(Random random, (T Value, int Weight)[] table)
    {
        var roll = random.Next(table.Sum(t => t.Weight));
        foreach (var (value, weight) in table)
        {
            if ((roll -= weight) < 0) return value;
        }
        return table[^1].Value;
    }
}
