namespace GitHub.Simulator.Model;

/// <summary>
/// Why a job failed: the output lines and the <c>##[error]</c> line of the failed step's log, and the annotations of the
/// job's check run (an error where the tool pointed at a file, and GitHub's own "Process completed with exit code 1.").
/// </summary>
public sealed record JobFailure(int StepNumber, IReadOnlyList<string> Output, string Error, IReadOnlyList<JobAnnotation> Annotations);
