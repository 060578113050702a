using ActionsDashboard.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace ActionsDashboard.Hosting.Orchestration;

/// <summary>
/// Runs the model on this machine, like Aspire's orchestrator: every resource gets a supervisor that waits for
/// what it depends on to be healthy, starts it, watches its health and restarts it with back-off when it
/// exits; stopping ends projects first, then servers, and leaves no process behind.
/// </summary>
internal sealed class Orchestrator : IAsyncDisposable
{
    private readonly IReadOnlyList<Resource> _resources;
    private readonly OrchestratorSettings _settings;
    private readonly DataDirectory _data;
    private readonly ResourceNotificationService _notifications;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) });
    private readonly Dictionary<string, ResourceRunner> _runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ManagedProcess> _processes = new(StringComparer.Ordinal);
    private readonly List<Task> _supervisors = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;

    public Orchestrator(IReadOnlyList<Resource> resources, OrchestratorSettings settings, ResourceNotificationService notifications, ILogger logger)
    {
        _resources = resources;
        _settings = settings;
        _notifications = notifications;
        _logger = logger;
        _data = new DataDirectory(settings.DataPath);
    }

    public IReadOnlyDictionary<string, ManagedProcess> Processes
    {
        get
        {
            lock (_processes)
            {
                return new Dictionary<string, ManagedProcess>(_processes);
            }
        }
    }

    public void Start()
    {
        foreach (var leftover in _data.KillLeftovers())
        {
            _logger.LogWarning("Stopped {Leftover}, left running by an AppHost that did not shut down cleanly.", leftover);
        }

        foreach (var parameter in _resources.OfType<ParameterResource>().Where(p => p.Generated))
        {
            parameter.Value ??= _data.GetOrCreateSecret(parameter.Name, parameter.MinLength, parameter.KeyBytes);
        }

        AllocateEndpoints();

        foreach (var resource in _resources.Where(r => r is not ParameterResource))
        {
            var runner = CreateRunner(resource);
            _runners[resource.Name] = runner;
            _notifications.Register(new ResourceSnapshot(resource.Name, runner.TypeName, ResourceState.Waiting, null, null, 0, null,
                runner.DisplayEndpoints(), [], null, WaitsFor(resource).Select(r => r.Name).ToList()));
        }

        foreach (var runner in _runners.Values)
        {
            _supervisors.Add(Task.Run(() => SuperviseAsync(runner, _stopping.Token)));
        }
    }

    /// <summary>What a resource waits for: its WaitFor targets, and a database's server.</summary>
    public static IEnumerable<Resource> WaitsFor(Resource resource)
    {
        var waits = resource.AnnotationsOf<WaitAnnotation>().Select(w => w.Target);
        if (resource is IResourceWithParent child)
        {
            waits = waits.Prepend(child.Parent);
        }

        return waits.Where(r => r is not ParameterResource).Distinct();
    }

    private void AllocateEndpoints()
    {
        foreach (var resource in _resources)
        {
            foreach (var endpoint in resource.AnnotationsOf<EndpointAnnotation>())
            {
                if (resource is ServerResource { ExistingConnectionString: not null })
                {
                    continue;
                }

                var port = endpoint.Port is > 0 ? endpoint.Port.Value : PortAllocator.GetFreePort();
                // An external endpoint is what people open in a browser: bind and show it as localhost.
                var host = endpoint.IsExternal ? "localhost" : "127.0.0.1";
                endpoint.Allocated = new AllocatedEndpoint(host, port, endpoint.Scheme == "https" ? "https" : endpoint.Scheme);
            }
        }
    }

    private ResourceRunner CreateRunner(Resource resource) => resource switch
    {
        ServerResource { ExistingConnectionString: not null } existing => new ExistingServerRunner(existing),
        PostgresServerResource postgres => new PostgresRunner(postgres, _data),
        PostgresDatabaseResource database => new PostgresDatabaseRunner(database),
        RedisResource redis => new RedisRunner(redis, _data),
        RabbitMQServerResource broker => new RabbitMQRunner(broker, _data),
        ProjectResource project => new ProjectRunner(project, _settings, _http),
        _ => throw new NotSupportedException($"No runner for resource '{resource.Name}' ({resource.GetType().Name})."),
    };

    private async Task SuperviseAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        var name = runner.Resource.Name;
        try
        {
            foreach (var dependency in WaitsFor(runner.Resource))
            {
                Update(name, s => s with { State = ResourceState.Waiting, Message = $"Waiting for {dependency.Name} to be healthy." });
                await _notifications.WaitForHealthyAsync(dependency.Name, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                Update(name, s => s with { State = ResourceState.Starting, Message = null });
                await runner.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceStartException e)
            {
                FailedToStart(name, e.Message);
                return;
            }

            if (!runner.HasProcess)
            {
                await WatchHealthAsync(runner, process: null, cancellationToken).ConfigureAwait(false);
                return;
            }

            var consecutiveFailures = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                ManagedProcess process;
                try
                {
                    StartHelpers(runner);
                    process = StartProcess(name, runner.CreateProcessSpec());
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception or ResourceStartException or IOException)
                {
                    FailedToStart(name, e.Message);
                    return;
                }

                var started = DateTimeOffset.UtcNow;
                Update(name, s => s with { State = ResourceState.Starting, ProcessId = process.Id, StartedAt = started, ExitCode = null, Message = null });
                await WatchHealthAsync(runner, process, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                var exitCode = await process.Exited.ConfigureAwait(false);
                _data.ForgetProcess(name);
                consecutiveFailures = DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(60) ? 1 : consecutiveFailures + 1;
                var delay = TimeSpan.FromSeconds(Math.Min(_settings.MaxRestartDelay.TotalSeconds, Math.Pow(2, consecutiveFailures - 1)));
                _logger.LogWarning("{Resource} exited with code {ExitCode}; restarting in {Delay:0.#} s.", name, exitCode, delay.TotalSeconds);
                Update(name, s => s with
                {
                    State = ResourceState.Exited,
                    ExitCode = exitCode,
                    ProcessId = null,
                    Message = $"Exited with code {exitCode}; restarting in {delay.TotalSeconds:0.#} s.",
                });
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                Update(name, s => s with { RestartCount = s.RestartCount + 1 });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Supervising {Resource} failed.", name);
            FailedToStart(name, e.Message);
        }
    }

    /// <summary>Polls health until the process exits (or forever for a resource without one).</summary>
    private async Task WatchHealthAsync(ResourceRunner runner, ManagedProcess? process, CancellationToken cancellationToken)
    {
        var name = runner.Resource.Name;
        var everHealthy = false;
        while (!cancellationToken.IsCancellationRequested && process?.HasExited != true)
        {
            var health = await runner.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            if (health.IsHealthy && !everHealthy)
            {
                try
                {
                    await runner.OnHealthyAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    health = new HealthResult(false, [.. health.Entries, new HealthReportEntry("setup", "Unhealthy", e.Message, 0)]);
                }
            }

            if (process?.HasExited == true || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            everHealthy |= health.IsHealthy;
            var state = health.IsHealthy ? ResourceState.Running : everHealthy ? ResourceState.Unhealthy : ResourceState.Starting;
            var previous = _notifications.Get(name).State;
            Update(name, s => s with { State = state, HealthReports = health.Entries });
            if (previous != state && state is ResourceState.Running or ResourceState.Unhealthy)
            {
                _logger.LogInformation("{Resource} is {State}.", name, state);
            }

            // Poll fast while starting so dependents are released quickly, calmly once running.
            var interval = everHealthy ? _settings.HealthCheckInterval : TimeSpan.FromMilliseconds(200);
            var wait = Task.Delay(interval, cancellationToken);
            await (process is null ? wait : Task.WhenAny(wait, process.Exited)).ConfigureAwait(false);
        }
    }

    private void StartHelpers(ResourceRunner runner)
    {
        foreach (var (helper, spec) in runner.HelperProcesses())
        {
            var key = $"{runner.Resource.Name}-{helper}";
            lock (_processes)
            {
                if (_processes.TryGetValue(key, out var existing) && !existing.HasExited)
                {
                    continue;
                }
            }

            var process = ManagedProcess.Start(spec, (stream, line) => OnOutput(runner.Resource.Name, stream, $"[{helper}] {line}"));
            lock (_processes)
            {
                _processes[key] = process;
            }

            _data.RecordProcess(key, process.Id);
        }
    }

    private ManagedProcess StartProcess(string name, ProcessSpec spec)
    {
        var process = ManagedProcess.Start(spec, (stream, line) => OnOutput(name, stream, line));
        lock (_processes)
        {
            _processes[name] = process;
        }

        _data.RecordProcess(name, process.Id);
        return process;
    }

    private void OnOutput(string name, string stream, string line)
    {
        _notifications.AppendLog(name, stream, line);
        if (_settings.ForwardConsole)
        {
            Console.WriteLine($"{name,-16}| {line}");
        }
    }

    private void FailedToStart(string name, string message)
    {
        _logger.LogError("{Resource} failed to start: {Message}", name, message);
        Update(name, s => s with { State = ResourceState.FailedToStart, Message = message, ProcessId = null });
    }

    private void Update(string name, Func<ResourceSnapshot, ResourceSnapshot> change) => _notifications.Update(name, change);

    /// <summary>Stops projects first (they hold connections), then servers, each with its own clean signal.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_supervisors).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        var projects = _runners.Values.Where(r => r.Resource is ProjectResource).ToList();
        var servers = _runners.Values.Where(r => r.Resource is not ProjectResource).ToList();
        await Task.WhenAll(projects.Select(StopRunnerAsync)).ConfigureAwait(false);
        await Task.WhenAll(servers.Select(StopRunnerAsync)).ConfigureAwait(false);
    }

    private async Task StopRunnerAsync(ResourceRunner runner)
    {
        var name = runner.Resource.Name;
        var keys = new List<string> { name };
        keys.AddRange(runner.HelperProcesses().Select(h => $"{name}-{h.Name}"));
        foreach (var key in keys)
        {
            ManagedProcess? process;
            lock (_processes)
            {
                _processes.TryGetValue(key, out process);
            }

            if (process is not null)
            {
                if (key == name)
                {
                    Update(name, s => s with { State = ResourceState.Stopping });
                }

                // The main process first, with its own signal; helpers (epmd) once it is gone.
                await process.StopAsync(key == name ? runner.StopSignal : ProcessSignals.SIGTERM, runner.StopGrace).ConfigureAwait(false);
                await process.DisposeAsync().ConfigureAwait(false);
            }

            _data.ForgetProcess(key);
        }

        Update(name, s => s with
        {
            State = s.State == ResourceState.FailedToStart ? s.State : ResourceState.Finished,
            ProcessId = null,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _http.Dispose();
        _stopping.Dispose();
    }
}
