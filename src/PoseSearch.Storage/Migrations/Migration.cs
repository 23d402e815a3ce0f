namespace PoseSearch.Storage.Migrations;

/// <summary>One schema step. Versions are applied in ascending order, each exactly once.</summary>
public sealed record Migration(int Version, string Name, string Sql);
