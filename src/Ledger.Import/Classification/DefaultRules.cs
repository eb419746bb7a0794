namespace Ledger.Import.Classification;

/// <summary>
/// The default rule file, kept as a constant so that it ships inside the assembly without a resource entry in the
/// project file. <c>RuleSet.DefaultYaml</c> returns it, as a starting point for a company's own rules.
/// </summary>
internal static class DefaultRules
{
    public const string SourceName = "default-rules.yaml";

    public const string Yaml = """
        # Ledger default classification rules (format: src/Ledger.Import/Classification/RULES.md).
        # Lower priority numbers are tried first; the first rule that matches wins.
        version: 1

        settings:
          symbols:
            "$": USD          # what a bare $ means; set CAD, AUD... for other dollar countries

        rules:
          # ---------------------------------------------------------------- monetary (need an amount)
          - id: refund-cost
            description: Money given back to a customer.
            priority: 10
            confidence: 0.85
            keywords: [refund*, reimburse*, chargeback, credit note, money back, remboursement, Rückerstattung, reembolso]
            output: { kind: monetary, direction: cost }

          - id: discount-saving
            description: Money not spent thanks to a discount, a rebate or a waived fee.
            priority: 20
            confidence: 0.75
            keywords: [discount*, rebate*, saved, saving*, waived, waive, cheaper, remise, Rabatt, descuento]
            output: { kind: monetary, direction: saving }

          - id: expense-cost
            description: Money the company spends (who paid whom is often unclear from one message; keep these explicit).
            priority: 30
            confidence: 0.75
            keywords: [expense*, supplier invoice, vendor invoice, subscription fee, purchase cost, cost us, costs us, we owe,
                       payable, Ausgabe*, dépense*]
            output: { kind: monetary, direction: cost }

          - id: invoice-reference-revenue
            description: An invoice with its number, e.g. "Invoice INV-2024-017 of €1,250.00".
            priority: 35
            confidence: 0.9
            keywords: [invoice*, facture, Rechnung, factura]
            regex: ['\b(?<ref>INV[-/]?\d[\w/-]{0,30})']
            output: { kind: monetary, direction: revenue, reference: "invoice:{ref}" }

          - id: invoice-revenue
            description: Money the company earns.
            priority: 40
            confidence: 0.85
            keywords: [invoice*, paid, payment*, deal closed, closed the deal, contract signed, signed the contract,
                       order confirmed, purchase order, quote accepted, renewal, facture, Rechnung, factura, 請求書, 支払]
            output: { kind: monetary, direction: revenue }

          # ---------------------------------------------------------------- logistical
          - id: goods-returned
            priority: 50
            confidence: 0.75
            keywords: [sent back, sending back, return shipment, return label, RMA, returned goods, returned items,
                       returned the goods, returned the parcel, returned the package]
            output:
              kind: logistical
              item: goods
              status: returned
              unit: item          # unit and quantity when the text names none
              quantity: 1
              quantities:         # "12 pallets" → 12 pallet
                - { unit: pallet, words: [pallet, pallets] }
                - { unit: box, words: [box, boxes, carton, cartons, crate, crates] }
                - { unit: parcel, words: [parcel, parcels, package, packages] }
                - { unit: kg, words: [kg, kilo, kilos, kilogram, kilograms] }
                - { unit: item, words: [item, items, unit, units, piece, pieces, pcs] }

          - id: goods-delivered
            priority: 52
            confidence: 0.75
            keywords: [delivered, delivery completed, has arrived, have arrived, arrived today, received the shipment,
                       received the goods, received the parcel, received the package, livré, livrée, geliefert, entregado,
                       納品, 배송 완료]
            output:
              kind: logistical
              item: goods
              status: delivered
              unit: item
              quantities:
                - { unit: pallet, words: [pallet, pallets] }
                - { unit: box, words: [box, boxes, carton, cartons, crate, crates] }
                - { unit: parcel, words: [parcel, parcels, package, packages] }
                - { unit: kg, words: [kg, kilo, kilos, kilogram, kilograms] }
                - { unit: item, words: [item, items, unit, units, piece, pieces, pcs] }

          - id: goods-shipped
            priority: 54
            confidence: 0.75
            keywords: [shipped, dispatched, in transit, tracking number, out for delivery, expédié, versandt, enviado, 発送]
            output:
              kind: logistical
              item: goods
              status: shipped
              unit: item
              quantities:
                - { unit: pallet, words: [pallet, pallets] }
                - { unit: box, words: [box, boxes, carton, cartons, crate, crates] }
                - { unit: parcel, words: [parcel, parcels, package, packages] }
                - { unit: kg, words: [kg, kilo, kilos, kilogram, kilograms] }
                - { unit: item, words: [item, items, unit, units, piece, pieces, pcs] }

          - id: delivery-promised
            priority: 56
            confidence: 0.6
            keywords: [will ship, will be shipped, will deliver, will be delivered, expected delivery, estimated delivery,
                       delivery date, ETA]
            output:
              kind: logistical
              item: goods
              status: promised
              unit: item
              quantities:
                - { unit: pallet, words: [pallet, pallets] }
                - { unit: box, words: [box, boxes, carton, cartons, crate, crates] }
                - { unit: parcel, words: [parcel, parcels, package, packages] }
                - { unit: kg, words: [kg, kilo, kilos, kilogram, kilograms] }
                - { unit: item, words: [item, items, unit, units, piece, pieces, pcs] }

          # ---------------------------------------------------------------- informational, specific
          - id: referral
            priority: 60
            confidence: 0.75
            keywords: [introduce you, introducing you, introduction to, referral, referred, refer you, put you in touch,
                       connect you with, you should talk to, you should meet, recommend contacting]
            output: { kind: informational, what: referral, topic: introduction }

          - id: document
            priority: 65
            confidence: 0.7
            keywords: [attached, attachment, please find, enclosed, the document, the report, the slides, the deck,
                       the spec, the proposal, the contract, pièce jointe, ci-joint, Anhang, adjunto, 添付]
            output: { kind: informational, what: document, topic: document }

          # ---------------------------------------------------------------- emotional (sentiment lexicon)
          - id: negative-sentiment
            description: Frustration or complaint; the lexicon decides which and how strong.
            priority: 70
            confidence: 0.7
            sentiment: negative
            output: { kind: emotional, signal: auto }

          - id: positive-sentiment
            description: Gratitude, praise or trust; the lexicon decides which and how strong.
            priority: 75
            confidence: 0.7
            sentiment: positive
            output: { kind: emotional, signal: auto }

          # ---------------------------------------------------------------- informational, general
          - id: idea
            priority: 80
            confidence: 0.6
            keywords: [idea, ideas, suggest, suggestion, what if, how about, we could, proposal, brainstorm*]
            output: { kind: informational, what: idea, topic: idea }

          - id: feedback
            priority: 85
            confidence: 0.6
            keywords: [feedback, review, survey, comments on, my comments, NPS, retour d'expérience]
            output: { kind: informational, what: feedback, topic: feedback }

          - id: answer
            priority: 90
            confidence: 0.5
            keywords: [answer*, here is how, here's how, you can, solution, solved, resolved, fixed, workaround, to fix,
                       try this, the reason is, FAQ, how to]
            output: { kind: informational, what: answer, topic: support }

          # ---------------------------------------------------------------- channel defaults (after every rule above)
          - id: forum-default
            default: true
            channels: [forum]
            confidence: 0.35
            output: { kind: informational, what: answer, topic: forum }

          - id: meeting-default
            default: true
            channels: [meeting, call]
            confidence: 0.3
            output: { kind: informational, what: idea, topic: meeting }

          - id: social-default
            default: true
            channels: [social-network]
            confidence: 0.3
            output: { kind: informational, what: feedback, topic: social }
        """;
}
