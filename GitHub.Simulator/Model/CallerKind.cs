namespace GitHub.Simulator.Model;

public enum CallerKind
{
    Anonymous,
    User,
    Installation,
}
