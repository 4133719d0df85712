using System.Text.Json;

namespace O2O.CloudContract;

/// <summary>JSON settings for every HTTP body of the contract: web defaults (camelCase), unknown members ignored for forward compatibility.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };
}
