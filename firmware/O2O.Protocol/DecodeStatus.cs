namespace O2O.Protocol
{
    /// <summary>Why a payload was refused. Every decoder reports one of these instead of throwing.</summary>
    public enum DecodeStatus
    {
        Ok = 0,
        /// <summary>Not JSON, or JSON of the wrong shape (a stray character, an unclosed string).</summary>
        Malformed = 1,
        /// <summary>The payload ended in the middle of a value.</summary>
        Truncated = 2,
        /// <summary>Larger than the message's size limit, too deeply nested, or a string over its limit.</summary>
        Oversized = 3,
        /// <summary>The <c>v</c> field names a protocol version this code does not speak.</summary>
        WrongVersion = 4,
        /// <summary>A field holds the wrong JSON type (a string where a number belongs).</summary>
        WrongType = 5,
        /// <summary>A required field is absent.</summary>
        MissingField = 6,
        /// <summary>A field has the right type but a value outside what the protocol allows.</summary>
        InvalidValue = 7,
        /// <summary>The message's <c>type</c> is not one this code knows.</summary>
        UnknownType = 8,
    }

    /// <summary>Names for <see cref="DecodeStatus"/>: on nanoFramework Enum.ToString() gives only the number.</summary>
    public static class DecodeStatusNames
    {
        public static string Name(DecodeStatus status)
        {
            switch (status)
            {
                case DecodeStatus.Ok: return "ok";
                case DecodeStatus.Malformed: return "malformed";
                case DecodeStatus.Truncated: return "truncated";
                case DecodeStatus.Oversized: return "oversized";
                case DecodeStatus.WrongVersion: return "wrong_version";
                case DecodeStatus.WrongType: return "wrong_type";
                case DecodeStatus.MissingField: return "missing_field";
                case DecodeStatus.InvalidValue: return "invalid_value";
                case DecodeStatus.UnknownType: return "unknown_type";
                default: return "unknown";
            }
        }
    }

    /// <summary>A refused payload: the status, and a short human-readable reason naming the field.</summary>
    public sealed class DecodeError
    {
        public DecodeError(DecodeStatus status, string detail)
        {
            Status = status;
            Detail = detail;
        }

        public DecodeStatus Status { get; }

        public string Detail { get; }

        public override string ToString()
        {
            return DecodeStatusNames.Name(Status) + ": " + Detail;
        }
    }
}
