namespace GitHub.Simulator.Model;

public sealed class AccountDefinition
{
    public string Login { get; set; } = "";

    public long Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Company { get; set; }

    public string? Location { get; set; }
}
