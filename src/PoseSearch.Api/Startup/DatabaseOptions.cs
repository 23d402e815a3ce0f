using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Api.Startup;

/// <summary>Database start-up behaviour; section "PoseSearch:Database". The connection string is ConnectionStrings:PoseSearch.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "PoseSearch:Database";
    public const string ConnectionStringName = "PoseSearch";

    /// <summary>Apply missing schema migrations at start-up; when false the schema is only verified.</summary>
    public bool ApplyMigrationsAtStartup { get; set; } = true;

    /// <summary>How long start-up waits for the database to accept connections.</summary>
    [Range(0, 600)]
    public int StartupTimeoutSeconds { get; set; } = 30;
}
