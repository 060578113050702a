namespace ActionsDashboard.EventBus.RabbitMQ;

/// <summary>The broker cannot take messages right now (its connection is down and recovering); try again later.</summary>
public sealed class BrokerUnavailableException(string message) : Exception(message);
