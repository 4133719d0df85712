using System.Collections.Concurrent;
using O2O.CloudContract;

namespace O2O.Bench.Faults;

/// <summary>
/// Customers and devices keeping the site busy while faults hit it: every load device publishes heartbeats and
/// transactional events, and customers scan, pay (often twice, as payment providers repeat notifications) and,
/// when the cloud sold them an offline code, type it at the device, some of them twice.
/// </summary>
public sealed class CustomerTraffic(CampaignSite site, CampaignOptions options, Random random)
{
    private readonly CancellationTokenSource _stop = new();
    private Task[] _loops = [];

    /// <summary>Every order a customer paid for, by order id.</summary>
    public ConcurrentDictionary<string, PaidOrder> Orders { get; } = new(StringComparer.Ordinal);

    public long ScanFailures;

    public void Start() => _loops = [PublishLoadAsync(_stop.Token), TakeOrdersAsync(_stop.Token)];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    private async Task PublishLoadAsync(CancellationToken stop)
    {
        // Ticks of 100 ms; each device publishes with the probability that gives one event per interval on average.
        double perTick = Math.Min(1.0, 100.0 / options.EventIntervalMs);
        while (!stop.IsCancellationRequested)
        {
            foreach (CampaignDevice device in site.LoadDevices)
            {
                double roll;
                lock (random)
                {
                    roll = random.NextDouble();
                }

                if (roll < perTick / 5)
                {
                    device.PublishItemReturned((int)(roll * 1000) % 8);
                }
                else if (roll < perTick)
                {
                    device.PublishHeartbeat();
                }
            }

            await Task.Delay(100, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task TakeOrdersAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            int deviceIndex;
            int slot;
            int notifications;
            lock (random)
            {
                deviceIndex = random.Next(options.OrderDevices);
                slot = random.Next(8);
                notifications = random.Next(1, 3);
            }

            try
            {
                CampaignDevice device = site.LoadDevices[deviceIndex];
                OrderView order = await site.ScanAsync(device.DeviceId, slot);
                var paid = new PaidOrder(order.OrderId, device.DeviceId, slot);
                Orders[order.OrderId] = paid;
                for (int i = 0; i < notifications; i++)
                {
                    OrderView view = await site.PayAsync(order.OrderId, i);
                    if (view.Offline is { } offline && paid.Offline is null)
                    {
                        paid.Offline = offline;
                        device.PresentToken(offline.Code, slot);
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref ScanFailures);
            }

            await Task.Delay(options.OrderIntervalMs, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}

/// <summary>An order a customer paid for; <see cref="Offline"/> when the cloud sold an offline code instead of a grant.</summary>
public sealed class PaidOrder(string orderId, string deviceId, int slot)
{
    public string OrderId => orderId;

    public string DeviceId => deviceId;

    public int Slot => slot;

    public OfflineSale? Offline { get; set; }

    /// <summary>Whether the customer already typed the code a second time after it opened the drawer.</summary>
    public bool Replayed { get; set; }
}
