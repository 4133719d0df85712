using System.Diagnostics;

namespace O2O.EdgeAgent.Faults;

/// <summary>
/// Named points in the order and redemption flows where the fault tests kill the agent with SIGKILL, to prove
/// that a crash at any step still gives at most one unlock and exactly one outcome. Armed only by the
/// <c>O2O_CRASH_AT</c> environment variable (a point name); in normal runs every call is a no-op.
/// </summary>
public static class CrashPoints
{
    public const string GrantRecorded = "grant_recorded";
    public const string ClaimAnswered = "claim_answered";
    public const string UnlockCommitted = "unlock_committed";
    public const string UnlockSent = "unlock_sent";
    public const string AckRecorded = "ack_recorded";
    public const string OutcomeSet = "outcome_set";
    public const string OutcomeReported = "outcome_reported";
    public const string TokenSpent = "token_spent";
    public const string ReconciliationSent = "reconciliation_sent";

    public static readonly string[] All =
        [GrantRecorded, ClaimAnswered, UnlockCommitted, UnlockSent, AckRecorded, OutcomeSet, OutcomeReported, TokenSpent, ReconciliationSent];

    private static readonly string? Armed = Environment.GetEnvironmentVariable("O2O_CRASH_AT");

    public static void Reach(string point)
    {
        if (Armed == point)
        {
            // SIGKILL on Linux: no finally blocks, no flush, no disposal; exactly what a power cut or kill -9 does.
            Process.GetCurrentProcess().Kill();
        }
    }
}
