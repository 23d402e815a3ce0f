using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>When `posesearch synth` builds the HNSW index.</summary>
internal enum IndexBuild
{
    /// <summary>Drop the index, COPY all rows, build the index once (fast).</summary>
    AfterLoad,

    /// <summary>Keep the index and let every COPY insert into the graph (what a live service sees).</summary>
    DuringLoad,
}

/// <summary>How rows reach the poses table.</summary>
internal enum CopyMode
{
    /// <summary>Binary COPY straight into poses (Storage's PoseBulkLoader); new ids only.</summary>
    Append,

    /// <summary>The API's ingest path: COPY into a staging table, then INSERT ... ON CONFLICT (Storage's PoseStore).</summary>
    Upsert,
}

/// <summary>Everything `posesearch synth` needs.</summary>
internal sealed record SynthSettings
{
    public required string Dataset { get; init; }
    public required SynthesisPlan Plan { get; init; }
    public required string Collection { get; init; }
    public required string Connection { get; init; }
    public string? Model { get; init; }
    public int Threads { get; init; } = 2;

    /// <summary>Poses per model run.</summary>
    public int EmbedBatch { get; init; } = 1024;

    /// <summary>Rows per COPY transaction.</summary>
    public int CopyBatch { get; init; } = 50_000;

    public IndexBuild Index { get; init; } = IndexBuild.AfterLoad;
    public CopyMode Copy { get; init; } = CopyMode.Append;
    public int HnswM { get; init; } = new Storage.Migrations.SchemaParameters().HnswM;
    public int HnswEfConstruction { get; init; } = new Storage.Migrations.SchemaParameters().HnswEfConstruction;

    /// <summary>Delete an existing collection of that name first.</summary>
    public bool Replace { get; init; }

    /// <summary>Where the JSON report goes; null prints it only.</summary>
    public string? ReportPath { get; init; }

    public void Validate()
    {
        Plan.Validate();
        if (string.IsNullOrWhiteSpace(Collection))
        {
            throw new CliInputException("--collection must not be empty");
        }

        if (Threads < 1)
        {
            throw new CliInputException($"--threads must be >= 1, got {Threads}");
        }

        if (EmbedBatch < 1)
        {
            throw new CliInputException($"--embed-batch must be >= 1, got {EmbedBatch}");
        }

        if (CopyBatch < 1)
        {
            throw new CliInputException($"--copy-batch must be >= 1, got {CopyBatch}");
        }

        if (HnswM < 2 || HnswEfConstruction < 2 * HnswM)
        {
            throw new CliInputException($"HNSW needs m >= 2 and ef_construction >= 2 x m, got m = {HnswM}, ef_construction = {HnswEfConstruction}");
        }
    }
}
