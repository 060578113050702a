using Microsoft.Playwright;

namespace ActionsDashboard.EndToEndTests;

/// <summary>Full-page screenshots kept as test artifacts in TestResults/screenshots at the repository root (where
/// ./test.sh collects its results), or in the folder named by <c>SCREENSHOTS_DIR</c>.</summary>
public sealed class BrowserScreens(IPage page)
{
    public static string Folder { get; } = FindFolder();

    public async Task TakeAsync(string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}.png"), FullPage = true });
    }

    private static string FindFolder()
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOTS_DIR") is { Length: > 0 } given)
        {
            return given;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActionsDashboard.sln")))
            {
                return Path.Combine(dir.FullName, "TestResults", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
    }
}
