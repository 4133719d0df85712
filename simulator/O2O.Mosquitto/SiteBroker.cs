using System.Diagnostics;

namespace O2O.Mosquitto;

/// <summary>
/// mosquitto configured as a site runs it for the agent's external-broker mode (docs/external-broker.md): no
/// anonymous access, a password file made by mosquitto_passwd, an ACL that pins each device to its own topics,
/// the user name as client id, persistence on. The agent's account reads and writes every device's topics.
/// </summary>
public static class SiteBroker
{
    public const string AgentUser = "o2o-agent";

    /// <summary>The ACL of docs/external-broker.md, word for word.</summary>
    public const string Acl = """
        user o2o-agent
        topic readwrite o2o/v1/dev/#

        pattern write o2o/v1/dev/%u/state
        pattern write o2o/v1/dev/%u/evt
        pattern write o2o/v1/dev/%u/ack
        pattern write o2o/v1/dev/%u/avail
        pattern read o2o/v1/dev/%u/cmd
        """;

    /// <summary>
    /// A broker in <paramref name="folder"/> on <paramref name="port"/> with the site's accounts and rules, its
    /// config written and not yet started.
    /// </summary>
    public static MosquittoProcess Create(string name, string folder, int port, string agentPassword, IEnumerable<KeyValuePair<string, string>> devices)
    {
        Directory.CreateDirectory(folder);
        string passwords = Path.Combine(folder, "passwd");
        string acl = Path.Combine(folder, "acl");
        // One "user:password" line each, then one mosquitto_passwd -U hashes them all in place: a process per
        // account (-b) costs seconds for a fleet of a thousand.
        File.WriteAllLines(passwords, devices.Prepend(new(AgentUser, agentPassword)).Select(d => $"{d.Key}:{d.Value}"));
        Run("mosquitto_passwd", "-U", passwords);
        File.WriteAllText(acl, Acl + "\n");
        var broker = new MosquittoProcess(name, folder, port);
        broker.WriteConfig(
        [
            "allow_anonymous false",
            $"password_file {passwords}",
            $"acl_file {acl}",
            "use_username_as_clientid true",
        ]);
        return broker;
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{program} is not installed: apt-get install mosquitto mosquitto-clients (the CI script installs them)");
        }

        using (process)
        {
            // Bounded like every other wait; its few lines of output cannot fill a pipe before it exits.
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                throw new InvalidOperationException($"{program} did not finish in 30 s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} failed: {process.StandardError.ReadToEnd()}");
            }
        }
    }
}
