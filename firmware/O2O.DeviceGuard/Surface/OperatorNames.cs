namespace O2O.DeviceGuard.Surface
{
    /// <summary>Maps a C# operator token to the metadata name the compiler gives its method (op_Addition and so on).</summary>
    internal static class OperatorNames
    {
        internal static string? MetadataName(string token, int parameterCount)
        {
            bool unary = parameterCount == 1;
            switch (token)
            {
                case "+": return unary ? "op_UnaryPlus" : "op_Addition";
                case "-": return unary ? "op_UnaryNegation" : "op_Subtraction";
                case "!": return "op_LogicalNot";
                case "~": return "op_OnesComplement";
                case "++": return "op_Increment";
                case "--": return "op_Decrement";
                case "true": return "op_True";
                case "false": return "op_False";
                case "*": return "op_Multiply";
                case "/": return "op_Division";
                case "%": return "op_Modulus";
                case "&": return "op_BitwiseAnd";
                case "|": return "op_BitwiseOr";
                case "^": return "op_ExclusiveOr";
                case "<<": return "op_LeftShift";
                case ">>": return "op_RightShift";
                case ">>>": return "op_UnsignedRightShift";
                case "==": return "op_Equality";
                case "!=": return "op_Inequality";
                case "<": return "op_LessThan";
                case ">": return "op_GreaterThan";
                case "<=": return "op_LessThanOrEqual";
                case ">=": return "op_GreaterThanOrEqual";
                default: return null;
            }
        }
    }
}
