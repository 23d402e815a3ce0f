namespace PoseSearch.Embedding;

/// <summary>
/// The ONNX model does not follow docs/model-contract.md; the message lists every problem found.
/// </summary>
public sealed class ModelContractException : Exception
{
    public ModelContractException(string modelPath, IReadOnlyList<string> problems)
        : base($"The model '{modelPath}' does not follow docs/model-contract.md: " + string.Join("; ", problems))
    {
        ModelPath = modelPath;
        Problems = problems;
    }

    public string ModelPath { get; }

    public IReadOnlyList<string> Problems { get; }
}
