using O2O.Bench.Faults;

// The fault campaign (bench/README.md): the agent as its own process under load, killed and starved in every way
// the field does it; exits 0 only when all four counters are 0.
CampaignOptions? options = CampaignOptions.Parse(args, Console.Error);
if (options is null)
{
    Console.Error.WriteLine(CampaignOptions.Usage);
    return 2;
}

CampaignResult result = await new FaultCampaign(options, Console.Out).RunAsync();
Console.WriteLine();
Console.WriteLine(result.Table());
if (result.AgentTail is { Count: > 0 } tail)
{
    Console.WriteLine("agent's last lines:");
    Console.WriteLine(string.Join(Environment.NewLine, tail));
}

if (result.BrokerRestarts?.AgentTail is { Count: > 0 } brokerSiteTail)
{
    Console.WriteLine("broker-restart site, agent's last lines:");
    Console.WriteLine(string.Join(Environment.NewLine, brokerSiteTail));
    Console.WriteLine("mosquitto's last lines:");
    Console.WriteLine(result.BrokerRestarts.BrokerTail);
}

result.WriteJson(options.OutPath);
Console.WriteLine($"written to {options.OutPath}");
return result.Clean ? 0 : 1;
