using System.Text;

namespace O2O.EdgeAgent.Cli.Tests;

/// <summary>
/// A thread-safe text sink that can be awaited until some text shows up, so tests of the live commands wait
/// on what the CLI prints (under a deadline) instead of sleeping.
/// </summary>
internal sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value ?? "");

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    public async Task WaitForAsync(string expected, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_text.ToString().Contains(expected, StringComparison.Ordinal))
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{expected}' not written within {timeout}; got: {Text}");
            }
        }
    }

    private void Append(string value)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(value);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
