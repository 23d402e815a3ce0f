namespace PoseSearch.Storage.Migrations;

/// <summary>
/// The database was built for something else than this service runs: another embedding
/// dimension, or a newer schema. The service refuses to start with this message.
/// </summary>
public sealed class SchemaMismatchException(string message) : Exception(message);
