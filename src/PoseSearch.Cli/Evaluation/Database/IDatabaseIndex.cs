using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Rankings;

namespace PoseSearch.Cli.Evaluation.Database;

/// <summary>
/// The --via-db ranking: the index poses of every camera loaded into PostgreSQL and searched
/// through the service's own storage code.
/// </summary>
internal interface IDatabaseIndex : IAsyncDisposable
{
    /// <summary>Loads every camera's valid poses (one collection per camera); returns the seconds it took.</summary>
    Task<double> LoadAsync(MultiViewPoses poses, IReadOnlyList<ViewFeatures> views, IProgressReporter progress, CancellationToken cancellationToken);

    /// <summary>Searches the collection of the request's index camera.</summary>
    IRanking Ranking { get; }

    /// <summary>Host, port and database (no credentials), for the report.</summary>
    string Server { get; }

    IReadOnlyList<string> Collections { get; }

    /// <summary>The search parameters in force (candidates, ef_search), for the report.</summary>
    string SearchSettings { get; }

    double MeanSearchMilliseconds { get; }
}
