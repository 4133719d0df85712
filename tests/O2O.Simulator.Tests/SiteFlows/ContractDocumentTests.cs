using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudSimulator;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>docs/openapi.yaml and the cloud simulator's site API describe the same calls, method and path.</summary>
public sealed partial class ContractDocumentTests
{
    [Fact]
    public async Task Every_call_in_the_openapi_document_is_served_by_the_cloud_simulator_and_nothing_else()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddCloudSimulator(new CloudSimulatorOptions());
        await using WebApplication app = builder.Build();
        app.MapSiteApi();
        var served = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => m.ToLowerInvariant() + " " + e.RoutePattern.RawText))
            .ToHashSet();

        Assert.Equal(served.Order(), Documented().Order());
    }

    // "paths:" entries ("  /v1/...:") and the methods under each ("    get:").
    private static HashSet<string> Documented()
    {
        string path = "";
        var calls = new HashSet<string>();
        foreach (string line in File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "openapi.yaml")).TakeWhile(l => l != "components:"))
        {
            if (PathLine().Match(line) is { Success: true } p)
            {
                path = p.Groups[1].Value;
            }
            else if (MethodLine().Match(line) is { Success: true } m && path.Length > 0)
            {
                calls.Add(m.Groups[1].Value + " " + path);
            }
        }

        return calls;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nanoFramework.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("nanoFramework.sln not found");
    }

    [GeneratedRegex("^  (/[^:]+):$")]
    private static partial Regex PathLine();

    [GeneratedRegex("^    (get|post|put|delete|patch):$")]
    private static partial Regex MethodLine();
}
