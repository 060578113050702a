namespace ActionsDashboard.GitHub.Rest;

internal sealed class QueryString
{
    private readonly System.Text.StringBuilder _builder = new();

    public void Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        _builder.Append(_builder.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(name))
            .Append('=')
            .Append(Uri.EscapeDataString(value));
    }

    public void Add(string name, int value) => Add(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => _builder.ToString();

    public static string For(PageRequest? request)
    {
        var query = new QueryString();
        request?.AppendTo(query);
        return query.ToString();
    }
}
