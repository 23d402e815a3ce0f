using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Api.Startup;

/// <summary>
/// Database start-up behaviour; section "PoseSearch:Database". The connection strings are
/// ConnectionStrings:PoseSearch (the primary: writes) and ConnectionStrings:PoseSearchRead (reads, optional).
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "PoseSearch:Database";
    public const string ConnectionStringName = "PoseSearch";

    /// <summary>
    /// Searches and GETs: usually an Npgsql multi-host string over streaming replicas (Load Balance Hosts,
    /// Target Session Attributes=prefer-standby); unset or empty, reads use ConnectionStrings:PoseSearch.
    /// </summary>
    public const string ReadConnectionStringName = "PoseSearchRead";

    /// <summary>Apply missing schema migrations at start-up; when false the schema is only verified.</summary>
    public bool ApplyMigrationsAtStartup { get; set; } = true;

    /// <summary>
    /// Most database connections (and so concurrent queries) of this service; 0 = two per core of
    /// this machine, at least 4. More connections than the database has cores do not run more
    /// queries at once: they make PostgreSQL's backends preempt each other, and a backend preempted
    /// inside a lock stalls the others (16 clients with 16 connections on 2 cores: p99 320 ms and
    /// 1,584 req/s; with 4 connections: p99 29 ms and 1,816 req/s; docs/performance.md). A
    /// "Maximum Pool Size" in the connection string takes precedence.
    /// </summary>
    [Range(0, 10000)]
    public int MaxPoolSize { get; set; }

    /// <summary>The pool size this configuration asks for on a machine with <paramref name="processorCount"/> cores.</summary>
    public int EffectiveMaxPoolSize(int processorCount) => MaxPoolSize > 0 ? MaxPoolSize : Math.Max(4, 2 * processorCount);

    /// <summary>How long start-up waits for the database to accept connections.</summary>
    [Range(0, 600)]
    public int StartupTimeoutSeconds { get; set; } = 30;
}
