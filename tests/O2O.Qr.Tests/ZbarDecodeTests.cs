using System.Diagnostics;
using System.Text;
using O2O.Qr;

namespace O2O.Qr.Tests;

/// <summary>
/// Every symbol of the corpus, rendered to PNG with a 4-module quiet zone, must decode with zbarimg (an independent
/// decoder, Debian package zbar-tools) back to exactly the input bytes. All PNGs go to one zbarimg process, which
/// prints each symbol's data followed by a newline, in file order; per-file runs happen only to explain a failure.
/// </summary>
public class ZbarDecodeTests
{
    [Fact]
    public void EverySymbolDecodesToItsInput()
    {
        string zbarimg = FindZbarimg();
        var encoder = new QrEncoder();
        var symbols = new List<(string Label, string Text, QrSymbol Symbol)>();
        foreach (QrCase c in Corpus.Cases)
        {
            QrSymbol? symbol = encoder.Encode(c.Text, c.Level);
            if (symbol != null)
            {
                symbols.Add(($"{c.Label} @{c.Level}", c.Text, symbol));
            }
        }

        // Every mask must decode, not only the ones the penalty picks.
        foreach (QrErrorCorrection level in Corpus.Levels)
        {
            for (int mask = 0; mask < 8; mask++)
            {
                symbols.Add(($"payment URL @{level} mask {mask}", Corpus.PaymentUrl, encoder.Encode(Corpus.PaymentUrl, level, 1, 40, mask)!));
            }
        }

        // Every version, so every alignment layout and version information block is read by a real decoder.
        for (int version = 1; version <= 40; version++)
        {
            symbols.Add(($"O2O forced v{version}", "O2O", encoder.Encode("O2O", QrErrorCorrection.M, version, version, QrEncoder.AutoMask)!));
        }

        string directory = Path.Combine(Path.GetTempPath(), "o2o-qr-zbar-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var files = new List<string>();
            var expected = new MemoryStream();
            foreach (var (label, text, symbol) in symbols)
            {
                string file = Path.Combine(directory, $"{files.Count:D4}.png");
                File.WriteAllBytes(file, PngWriter.Render(symbol));
                files.Add(file);
                expected.Write(Encoding.UTF8.GetBytes(text + "\n"));
            }

            (int exit, byte[] output, string errors) = Run(zbarimg, files);
            if (exit == 0 && output.AsSpan().SequenceEqual(expected.ToArray()))
            {
                return;
            }

            // Find out which symbols failed, one process per file.
            var failures = new StringBuilder();
            for (int i = 0; i < files.Count; i++)
            {
                (int fileExit, byte[] decoded, _) = Run(zbarimg, [files[i]]);
                string want = symbols[i].Text + "\n";
                string got = Encoding.UTF8.GetString(decoded);
                if (fileExit != 0 || got != want)
                {
                    failures.AppendLine($"{symbols[i].Label} (v{symbols[i].Symbol.Version} mask {symbols[i].Symbol.Mask}, {files[i]}): exit {fileExit}, got \"{Shorten(got)}\"");
                }
            }

            string kept = directory;
            directory = string.Empty; // keep the PNGs for inspection
            Assert.Fail($"PNGs kept in {kept}. zbarimg over {files.Count} symbols: exit {exit}. {errors}\n{failures}");
        }
        finally
        {
            if (directory.Length > 0)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static (int Exit, byte[] Output, string Errors) Run(string zbarimg, IEnumerable<string> files)
    {
        var start = new ProcessStartInfo(zbarimg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --raw: the data bytes as decoded, no charset conversion. Only the QR decoder is enabled: with the linear
        // decoders on, zbar can also "find" an Interleaved 2 of 5 barcode in the module pattern of a large symbol.
        // --nodbus keeps zbar from trying to reach a D-Bus daemon (noise on machines without one).
        foreach (string argument in new[] { "--raw", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string file in files)
        {
            start.ArgumentList.Add(file);
        }

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output); // raw bytes: no console decoding of the data
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), errors.Result);
    }

    /// <summary>The zbarimg on PATH. Missing is a failure (never a skip), in CI and locally alike.</summary>
    private static string FindZbarimg()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, "zbarimg");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        string where = Environment.GetEnvironmentVariable("CI") == "true" ? "CI must install it" : "install it";
        Assert.Fail($"zbarimg not found on PATH: the QR decode test needs it; {where} with: apt-get install zbar-tools");
        return string.Empty;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "...";
}
