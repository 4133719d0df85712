using O2O.DeviceGuard.Surface;

namespace O2O.DeviceGuard.Tests;

/// <summary>The embedded allowlist parses into the shapes the checks rely on.</summary>
public sealed class SurfaceTests
{
    [Fact]
    public void Embedded_surface_lists_the_core_types()
    {
        ApiSurface surface = ApiSurface.Default;

        Assert.True(surface.TypeCount > 800, $"Only {surface.TypeCount} types parsed.");
        Assert.True(surface.TryGetType("System.String", out _));
        Assert.True(surface.TryGetType("System.Collections.Hashtable", out _));
        Assert.True(surface.TryGetType("System.Action`1", out _));
        Assert.True(surface.TryGetType("System.Device.Gpio.GpioController", out _));
        Assert.True(surface.ContainsNamespace("System.Security.Cryptography"));
        Assert.False(surface.ContainsNamespace("System.Linq"));
    }

    [Fact]
    public void Members_keep_names_parameters_and_setters()
    {
        Assert.True(ApiSurface.Default.TryGetType("System.Threading.WaitHandle", out SurfaceType waitHandle));
        SurfaceMember[] waitOne = [.. waitHandle.MembersNamed("WaitOne")];
        Assert.Equal([0, 2], waitOne.Select(m => m.Parameters.Count).Order());
        Assert.Equal(["Int32", "Boolean"], waitOne.Single(m => m.Parameters.Count == 2).Parameters.Select(p => p.TypeName));

        Assert.True(ApiSurface.Default.TryGetType("System.String", out SurfaceType text));
        SurfaceParameter split = text.MembersNamed("Split").Single(m => m.Parameters.Count == 1).Parameters[0];
        Assert.True(split.IsParams);
        Assert.Equal("Char[]", split.TypeName);
        Assert.Single(text.MembersNamed(".ctor"), c => c.Parameters.Count == 2 && c.Parameters[0].TypeName == "Char");
        Assert.NotEmpty(text.MembersNamed("op_Equality"));
        Assert.False(text.MembersNamed("Length").Single().HasSetter);

        Assert.True(ApiSurface.Default.TryGetType("System.Text.StringBuilder", out SurfaceType builder));
        Assert.True(builder.MembersNamed("Length").Single().HasSetter);
        Assert.True(builder.MembersNamed("this[]").Single().HasSetter);
    }

    [Fact]
    public void Parser_reads_operators_defaults_and_bases()
    {
        ApiSurface surface = ApiSurface.Parse("""
            ##### ASSEMBLY Sample
            struct Sample.Value : System.IComparable
                static implicit operator Value(int raw)
                static Value operator +(Value a, Value b)
                string Pad(int width, char fill = ',')
                const int Max = 3
            """);

        Assert.True(surface.TryGetType("Sample.Value", out SurfaceType value));
        Assert.Equal(["System.IComparable"], value.BaseTypeKeys);
        Assert.Equal("Value", value.MembersNamed("op_Implicit").Single().ReturnTypeName);
        Assert.Equal(2, value.MembersNamed("op_Addition").Single().Parameters.Count);
        Assert.True(value.MembersNamed("Pad").Single().Parameters[1].IsOptional);
        Assert.False(value.MembersNamed("Max").Single().HasSetter);
    }
}
