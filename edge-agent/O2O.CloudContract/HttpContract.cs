namespace O2O.CloudContract;

// HTTP bodies of docs/cloud-contract.md. The agent calls claim, outcome and keys; customers' phones
// (the scripted customer here) call orders and the payment providers call notify.

/// <summary>
/// POST /v1/orders: a customer scanned a code. <see cref="Minutes"/> is the session length a customer chose on a
/// timed device (massage chair, karaoke booth); left out, the device model's default length is sold.
/// </summary>
public sealed record CreateOrderRequest(string Qr, int? Minutes = null);

/// <summary>POST /v1/payments/notify: a payment provider says an order was paid (sent more than once in real life).</summary>
public sealed record PaymentNotification(string OrderId, string Channel, string TransactionId);

/// <summary>
/// GET /v1/orders/{id} and the answer to order creation. <see cref="Minutes"/> is above 0 for a session order (what the
/// grant will carry); <see cref="AmountMinor"/> is the price in fen.
/// </summary>
public sealed record OrderView(string OrderId, string DeviceId, int Slot, string Status, string? Outcome, string? Reason, OfflineSale? Offline = null,
    int Minutes = 0, long AmountMinor = 0);

/// <summary>POST /v1/orders/{id}/claim: the site agent asks to serve a paid order (idempotent per order and site).</summary>
public sealed record ClaimRequest(string SiteId);

public sealed record ClaimResponse(bool Granted, string? Reason);

/// <summary>POST /v1/orders/{id}/outcome: the one final outcome of an order (dispensed, or failed so the cloud refunds).</summary>
public sealed record OutcomeReport(string SiteId, string Outcome, string? Reason);

/// <summary>GET /v1/keys: public keys that sign grants, by key id (SubjectPublicKeyInfo, base64).</summary>
public sealed record KeySet(IReadOnlyList<PublicKeyEntry> Keys);

public sealed record PublicKeyEntry(string Kid, string Spki);

/// <summary>Order statuses in the cloud.</summary>
public static class OrderStatus
{
    public const string AwaitingPayment = "awaiting_payment";
    public const string Paid = "paid";
    public const string Claimed = "claimed";
    public const string Dispensed = "dispensed";
    public const string Failed = "failed";
    public const string Refunded = "refunded";

    /// <summary>Paid while the site was offline: served by an offline token instead of a grant.</summary>
    public const string SoldOffline = "sold_offline";
}

/// <summary>
/// POST /v1/sites/{siteId}/token-pool: the agent asks for up to <see cref="Count"/> offline tokens for one device.
/// <see cref="Held"/> lists the ids of that device's tokens the agent has stored. The cloud first sends again the ones
/// it issued that are not held (a crash between the cloud's answer and the agent's commit loses them, and the cloud
/// may already have sold them), then fresh ones. Without <see cref="Held"/> every token is fresh.
/// </summary>
public sealed record TokenPoolRequest(string DeviceId, int Count, IReadOnlyList<string>? Held = null);

/// <summary>Signed offline tokens (COSE text). The agent verifies each before it joins the cache.</summary>
public sealed record TokenPoolResponse(IReadOnlyList<string> Tokens);

/// <summary>GET /v1/sites/{siteId}/revocations: offline tokens and technician passes (by id) and technicians that must no longer open anything.</summary>
public sealed record RevocationList(IReadOnlyList<string> TokenIds, IReadOnlyList<string> TechnicianIds);

/// <summary>POST /v1/sites/{siteId}/reconciliation: offline redemptions and their outcomes. Idempotent per token id.</summary>
public sealed record ReconciliationRequest(IReadOnlyList<RedemptionReport> Redemptions);

public sealed record RedemptionReport(string TokenId, string DeviceId, int Slot, long RedeemedAtUnixMs, string Outcome, string? Reason);

/// <summary>What the cloud made of the redemptions: how many it took, and the ones that disagree with its own books.</summary>
public sealed record ReconciliationResponse(int Accepted, IReadOnlyList<ReconciliationConflict> Conflicts);

/// <summary>One disagreement, e.g. a token the cloud never sold, or sold to two customers.</summary>
public sealed record ReconciliationConflict(string TokenId, string Kind, string Detail);

public static class ConflictKinds
{
    /// <summary>The cloud sold this token to more than one customer; one of them could not have been served.</summary>
    public const string SoldTwice = "sold_twice";

    /// <summary>Redeemed at the site, but the cloud never sold it: a leaked or stolen token.</summary>
    public const string RedeemedNotSold = "redeemed_not_sold";

    /// <summary>The cloud never issued a token with this id.</summary>
    public const string UnknownToken = "unknown_token";
}

/// <summary>Part of a paid order's view while its site is offline: the offline token sold to the customer, to present at the device.</summary>
public sealed record OfflineSale(string TokenId, string Code, string Token);
