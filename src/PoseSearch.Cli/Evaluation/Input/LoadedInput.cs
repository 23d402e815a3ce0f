namespace PoseSearch.Cli.Evaluation.Input;

/// <summary>Poses ready for the evaluation and the description of where they came from.</summary>
internal sealed record LoadedInput(MultiViewPoses Poses, InputDescription Description);
