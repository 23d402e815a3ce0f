namespace PoseSearch.Embedding;

/// <summary>
/// One graph input or output as the contract check sees it: element type and dimensions
/// (-1 for a dynamic dimension). Decoupled from ONNX Runtime so the check is unit-testable.
/// </summary>
public sealed record TensorSignature(Type ElementType, IReadOnlyList<int> Dimensions)
{
    public override string ToString() =>
        $"{ElementType.Name}[{string.Join(", ", Dimensions.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
