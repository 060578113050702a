using System.Runtime.Versioning;
using ActionsDashboard.Hosting.LocalServers;

namespace ActionsDashboard.AppHost.Tests;

/// <summary>
/// The Unix modes of what the AppHost writes to disk: secrets 0600 and data folders 0700 from the moment they are
/// created, whatever the umask (the tests' own, 022, would give a plain <c>File.WriteAllText</c> 0644 and a plain
/// <c>Directory.CreateDirectory</c> 0755).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class FileModesTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private const UnixFileMode PassableByOthers = OwnerOnlyDirectory | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _scratch = Directory.CreateTempSubdirectory("apphost-modes-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Data_folder_is_only_passable_by_others_and_every_folder_in_it_is_its_owners_alone()
    {
        // Not there yet, as on a first run.
        var data = Path.Combine(_scratch, "apphost");

        await using var model = await TestModel.BuildOnAsync(data);

        // PostgreSQL may run as its own user and must pass through the data folder to reach its folder below.
        Assert.Equal(PassableByOthers, File.GetUnixFileMode(data));
        var folders = Directory.EnumerateDirectories(data, "*", SearchOption.AllDirectories)
            .Select(folder => Path.GetRelativePath(data, folder)).Order().ToList();
        Assert.Equal(["eventbus", "eventbus-epmd", "eventbus/config", "eventbus/home", "eventbus/log", "eventbus/mnesia", "postgres", "redis"], folders);
        Assert.All(folders, folder => Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(data, folder))));
    }

    [Fact]
    public async Task Existing_server_folders_made_wider_are_narrowed_to_their_owner()
    {
        var data = Path.Combine(_scratch, "apphost");
        Directory.CreateDirectory(Path.Combine(data, "redis"), PassableByOthers | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var model = await TestModel.BuildOnAsync(data);

        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(data, "redis")));
    }

    [Fact]
    public async Task Server_configuration_files_holding_passwords_are_owners_only_and_replace_wider_ones()
    {
        var data = Path.Combine(_scratch, "apphost");
        await using var model = await TestModel.BuildOnAsync(data);
        var redisConfig = Path.Combine(data, "redis", "redis.conf");
        var brokerConfig = Path.Combine(data, "eventbus", "config", "rabbitmq.conf");
        // As an earlier version, or a process that died while writing, could have left them.
        File.WriteAllText(redisConfig, "requirepass old\n");
        File.SetUnixFileMode(redisConfig, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.WriteAllText(brokerConfig + ".tmp", "half written");
        File.SetUnixFileMode(brokerConfig + ".tmp", OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await model.BeforeStartAsync("redis");
        await model.BeforeStartAsync("eventbus");

        var secrets = File.ReadAllText(Path.Combine(data, "secrets.json"));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "secrets.json")));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(redisConfig));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(brokerConfig));
        Assert.Contains(PasswordIn(File.ReadAllText(redisConfig), "requirepass "), secrets);
        Assert.Contains(PasswordIn(File.ReadAllText(brokerConfig), "default_pass = "), secrets);
        Assert.Empty(Directory.EnumerateFiles(data, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_file_for_a_secret_is_owner_only_from_the_moment_it_is_created()
    {
        var path = Path.Combine(_scratch, "pwfile");

        using (UnixFiles.CreateOwnerOnly(path))
        {
            // Open and still empty: nothing was narrowed after the fact.
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_secret_written_over_a_wider_file_and_a_stale_temporary_one_leaves_one_owner_only_file()
    {
        var path = Path.Combine(_scratch, "redis.conf");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.WriteAllText(path + ".tmp", "stale");
        File.SetUnixFileMode(path + ".tmp", OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        UnixFiles.WriteOwnerOnly(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Secrets_file_is_created_owner_only_and_a_wider_one_is_narrowed_when_read()
    {
        var data = new LocalDataFolder(Path.Combine(_scratch, "apphost"));
        var file = Path.Combine(data.Path, "secrets.json");
        var password = data.GetOrCreateSecret("postgres-password");
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
        File.SetUnixFileMode(file, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var again = data.GetOrCreateSecret("postgres-password");

        Assert.Equal(password, again);
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
    }

    private static string PasswordIn(string config, string prefix) =>
        config.Split('\n').Single(line => line.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
}
