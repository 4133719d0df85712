using System.Collections.Concurrent;
using O2O.CloudContract;

namespace O2O.CloudSimulator;

/// <summary>The simulated cloud's order book. Every transition is idempotent, like a real payment back end must be.</summary>
public sealed class CloudOrders
{
    private readonly ConcurrentDictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _ordersByNonce = new(StringComparer.Ordinal);
    private int _counter;

    public sealed class Order
    {
        public required string OrderId { get; init; }
        public required string DeviceId { get; init; }
        public required string SiteId { get; init; }
        public required int Slot { get; init; }

        /// <summary>Session length bought on a timed device; 0 for an order that opens a slot.</summary>
        public int Minutes { get; init; }

        public long AmountMinor { get; init; }
        public string Status { get; set; } = OrderStatus.AwaitingPayment;
        public string? Outcome { get; set; }
        public string? Reason { get; set; }
        public string? ClaimedBy { get; set; }
        public int PaymentNotifications { get; set; }
        public int OutcomeReports { get; set; }

        /// <summary>The offline token sold for this order while its site was offline, if it was.</summary>
        public OfflineSale? Offline { get; set; }

        public OrderView View() => new(OrderId, DeviceId, Slot, Status, Outcome, Reason, Offline, Minutes, AmountMinor);
    }

    /// <summary>Creates the order for a scanned code, or returns the existing one: one code, one order (with its first terms).</summary>
    public Order CreateOrGet(string nonce, string deviceId, string siteId, int slot, int minutes, long amountMinor)
    {
        string orderId = _ordersByNonce.GetOrAdd(nonce, _ => "ord-" + Interlocked.Increment(ref _counter).ToString("D6"));
        return _orders.GetOrAdd(orderId, id => new Order { OrderId = id, DeviceId = deviceId, SiteId = siteId, Slot = slot, Minutes = minutes, AmountMinor = amountMinor });
    }

    public Order? Find(string orderId) => _orders.GetValueOrDefault(orderId);

    public IReadOnlyCollection<Order> All => _orders.Values.ToList();
}
