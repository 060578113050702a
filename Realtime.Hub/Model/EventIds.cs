namespace Realtime.Hub.Model;

public static class EventIds
{
    public static string Format(long sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParse(string? value, out long sequence) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence);
}
