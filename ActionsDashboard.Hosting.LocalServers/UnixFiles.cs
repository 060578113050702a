namespace ActionsDashboard.Hosting.LocalServers;

internal static class UnixFiles
{
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
