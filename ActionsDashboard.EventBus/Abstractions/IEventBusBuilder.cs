namespace ActionsDashboard.EventBus.Abstractions;

/// <summary>Returned by <c>AddEventBus</c>: add subscriptions and JSON settings to it.</summary>
public interface IEventBusBuilder
{
    IServiceCollection Services { get; }
}
