namespace O2O.CloudContract;

// HTTP bodies of docs/cloud-contract.md. The agent calls claim, outcome and keys; customers' phones
// (the scripted customer here) call orders and the payment providers call notify.

/// <summary>POST /v1/orders: a customer scanned a code.</summary>
public sealed record CreateOrderRequest(string Qr);

/// <summary>POST /v1/payments/notify: a payment provider says an order was paid (sent more than once in real life).</summary>
public sealed record PaymentNotification(string OrderId, string Channel, string TransactionId);

/// <summary>GET /v1/orders/{id} and the answer to order creation.</summary>
public sealed record OrderView(string OrderId, string DeviceId, int Slot, string Status, string? Outcome, string? Reason);

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
}
