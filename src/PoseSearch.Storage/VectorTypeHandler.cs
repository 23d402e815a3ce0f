using System.Data;
using Dapper;
using Pgvector;

namespace PoseSearch.Storage;

/// <summary>
/// Lets Dapper pass and read pgvector's <see cref="Vector"/> (the Pgvector.Dapper package is not
/// available here). Npgsql itself converts the value once the data source has UseVector().
/// </summary>
public sealed class VectorTypeHandler : SqlMapper.TypeHandler<Vector?>
{
    public override Vector? Parse(object value) => value switch
    {
        null or DBNull => null,
        Vector vector => vector,
        float[] values => new Vector(values),
        string text => new Vector(text),
        _ => throw new DataException($"cannot read a {value.GetType().Name} as a vector"),
    };

    public override void SetValue(IDbDataParameter parameter, Vector? value) =>
        parameter.Value = value is null ? DBNull.Value : value;
}
