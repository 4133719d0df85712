using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using O2O.DeviceGuard.Tests.Infrastructure;

namespace O2O.DeviceGuard.Tests;

/// <summary>Idiomatic nanoFramework-safe code must pass the guard without a single diagnostic.</summary>
public sealed class CleanSampleTests
{
    internal const string DeviceSafeCode = """
        using System;
        using System.Collections;
        using System.Device.Gpio;
        using System.Diagnostics;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading;

        namespace Device.Sample
        {
            public delegate void ReadingHandler(object sender, int value);

            [Flags]
            public enum Mode
            {
                None = 0,
                Fast = 1,
                Safe = 2,
            }

            public interface IClock
            {
                DateTime UtcNow { get; }

                // Default interface methods compile on nanoFramework (RuntimeFeature is declared).
                long Ticks() => UtcNow.Ticks;
            }

            public sealed class Reading
            {
                public int Value { get; set; }

                public string Name { get; init; } = string.Empty;
            }

            public struct Sample
            {
                public int Pin;
                public double Volts;
            }

            public sealed class SensorException : Exception
            {
                public SensorException(string message, Exception inner) : base(message, inner)
                {
                }

                public override string Message => "sensor: " + base.Message;
            }

            /// <summary>Not a <see cref="System.Collections.Generic.List{T}"/>; doc comments are not compiled for the device.</summary>
            public sealed class Sensor : IDisposable, IEnumerable
            {
                private const int MaxValues = 16;
                private static readonly byte[] NoBytes = new byte[0];
                private readonly object _gate = new object();
                private readonly ArrayList _values = new ArrayList();
                private readonly Hashtable _byName = new Hashtable();
                private readonly ManualResetEvent _stopped = new ManualResetEvent(false);
                private readonly int[][] _jagged = new int[2][];
                private Timer? _timer;
                private int _ticks;

                public event ReadingHandler? Changed;

                public int Count => _values.Count;

                public void Start()
                {
                    _timer = new Timer(OnTick, null, 0, 1000);
                    var worker = new Thread(Run);
                    worker.Priority = ThreadPriority.AboveNormal;
                    worker.Start();
                    Changed += (sender, value) => Debug.WriteLine("changed " + value);
                }

                public void Add(string name, int value)
                {
                    ArgumentNullException.ThrowIfNull(name);
                    lock (_gate)
                    {
                        if (_values.Count >= MaxValues)
                        {
                            _values.RemoveAt(0);
                        }

                        _values.Add(value);
                        if (!_byName.Contains(name))
                        {
                            _byName[name] = value;
                        }
                    }

                    Changed?.Invoke(this, value);
                    Interlocked.Increment(ref _ticks);
                }

                public string Describe(Mode mode)
                {
                    var text = new StringBuilder();
                    foreach (object boxed in _values)
                    {
                        text.Append((int)boxed).Append(',');
                    }

                    foreach (DictionaryEntry entry in _byName)
                    {
                        text.Append(entry.Key.ToString()).Append('=').Append(entry.Value);
                    }

                    string label = mode switch
                    {
                        Mode.Fast => "fast",
                        Mode.Safe => "safe",
                        _ => "none",
                    };
                    if (mode.HasFlag(Mode.Fast) && label.Length > 0)
                    {
                        text.Append($" {label}:{Count}");
                    }

                    Debug.Assert(Count >= 0, $"count {Count}");
                    return $"{label}: {text} ({nameof(Count)}={Count}, {mode})";
                }

                public static string Sign(string message, byte[] key)
                {
                    byte[] data = Encoding.UTF8.GetBytes(message);
                    using var hmac = new HMACSHA256(key);
                    byte[] hash = hmac.ComputeHash(data);
                    string printable = Encoding.UTF8.GetString(hash, 0, hash.Length);
                    var hex = new StringBuilder();
                    foreach (byte b in hash)
                    {
                        hex.Append(b.ToString("X2"));
                    }

                    return printable.Length + ":" + hex.ToString() + ":" + Convert.ToBase64String(data);
                }

                public static int Spread(int a, int b)
                {
                    return Math.Max(a, b) - Math.Min(a, b) + Math.Abs(a) + (int)Math.Round(Math.Sqrt(b));
                }

                public static string[] Words(string line)
                {
                    string[] parts = line.Trim().Split(',');
                    string first = parts.Length > 0 ? parts[0].Substring(0).ToLower() : string.Empty;
                    bool hasDash = line.IndexOf('-') >= 0 || line.Contains("--") || line.StartsWith("#");
                    int[] numbers = [1, 2, 3];
                    int total = 0;
                    foreach (int n in numbers)
                    {
                        total += n;
                    }

                    foreach (char c in first)
                    {
                        total += c;
                    }

                    return hasDash && total > 0 ? new[] { first } : parts;
                }

                public static TimeSpan Elapsed(DateTime start)
                {
                    TimeSpan since = DateTime.UtcNow - start;
                    return since > TimeSpan.FromMilliseconds(5) ? since : TimeSpan.FromSeconds(1) + TimeSpan.FromHours(2);
                }

                public static string Kind(object value)
                {
                    switch (value)
                    {
                        case int i when i > 0:
                            return "positive";
                        case string { Length: > 3 } s:
                            return "long text " + s;
                        case Reading { Value: 0 }:
                            return "zero reading";
                        default:
                            return value is null ? "null" : value.GetType().Name;
                    }
                }

                public static Reading Make(params int[] values)
                {
                    return new Reading { Value = values.Length, Name = string.Format("{0}-{1}", values.Length, Guid.NewGuid()) };
                }

                public static void Blink(GpioController controller, int pin)
                {
                    GpioPin led = controller.OpenPin(pin, PinMode.Output);
                    controller.Write(pin, PinValue.High);
                    led.Write(PinValue.Low);
                    byte[] bytes = BitConverter.GetBytes(pin);
                    using (var stream = new MemoryStream())
                    {
                        stream.Write(bytes, 0, bytes.Length);
                    }
                }

                public bool WaitStopped() => _stopped.WaitOne(100, false);

                public IEnumerator GetEnumerator() => _values.GetEnumerator();

                public void Dispose()
                {
                    _timer?.Dispose();
                    _stopped.Set();
                    Console.WriteLine("disposed " + _jagged.Length + NoBytes.Length);
                }

                public override string ToString() => Describe(Mode.None);

                private void OnTick(object? state)
                {
                    try
                    {
                        Add("tick", _ticks);
                    }
                    catch (InvalidOperationException ex)
                    {
                        throw new SensorException("tick failed", ex);
                    }
                    finally
                    {
                        Thread.Sleep(1);
                    }
                }

                private void Run()
                {
                    static int Twice(int x) => x * 2;
                    Thread.Sleep(Twice(5));
                }
            }
        }
        """;

    [Fact]
    public async Task Device_safe_code_reports_nothing()
    {
        ImmutableArray<Diagnostic> diagnostics = await GuardRunner.RunAsync(DeviceSafeCode);

        Assert.True(diagnostics.IsEmpty, "Unexpected diagnostics:\n" + GuardRunner.Describe(diagnostics));
    }
}
