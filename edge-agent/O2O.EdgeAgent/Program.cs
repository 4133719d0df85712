using Microsoft.Extensions.Hosting;
using O2O.EdgeAgent;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
builder.AddEdgeAgent();
builder.Build().Run();
