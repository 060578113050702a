namespace GitHub.Simulator.Model;

/// <summary>GitHub's repository roles, weakest first (the REST <c>permissions</c> object names them pull … admin).</summary>
public enum RepositoryRole
{
    None = 0,
    Pull = 1,
    Triage = 2,
    Push = 3,
    Maintain = 4,
    Admin = 5,
}
