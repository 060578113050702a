using ActionsDashboard.Hosting.Orchestration;

namespace ActionsDashboard.AppHost.Tests;

public class MachineBinariesTests
{
    [Fact]
    public void A_missing_server_binary_names_the_command_that_installs_it()
    {
        var error = Assert.Throws<ResourceStartException>(() =>
            MachineBinaries.Require("/nonexistent/lib/postgresql/15/bin/postgres", "The PostgreSQL server", "postgresql"));

        Assert.Contains("sudo apt-get install -y postgresql", error.Message);
        Assert.Contains("/nonexistent/lib/postgresql/15/bin/postgres", error.Message);
        Assert.Contains("ConnectionStrings__", error.Message);
    }

    [Fact]
    public void A_present_binary_is_returned_as_is()
    {
        Assert.Equal("/bin/sh", MachineBinaries.Require("/bin/sh", "A shell", "dash"));
    }
}
