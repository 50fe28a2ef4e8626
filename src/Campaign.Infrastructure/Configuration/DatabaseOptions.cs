using System.ComponentModel.DataAnnotations;

namespace Campaign.Infrastructure.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Section "Database".</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQL Server is migrated as a deployment step unless this is true; SQLite always migrates at start-up.</summary>
    public bool MigrateOnStartup { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return new ValidationResult("Database:Provider must be Sqlite or SqlServer.", [nameof(Provider)]);
        }
    }
}
