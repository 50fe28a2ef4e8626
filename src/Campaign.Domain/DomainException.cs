namespace Campaign.Domain;

/// <summary>A rule of the domain was broken; the message is safe to show to the user who tried.</summary>
public class DomainException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public DomainException(string message) : base(message) { }

    /// <summary>Creates the exception with a user-facing message and the cause.</summary>
    public DomainException(string message, Exception innerException) : base(message, innerException) { }

    public DomainException() { }
}
