namespace GitHub.Simulator.Model;

/// <summary>Faults to inject into webhook deliveries, each a probability from 0 to 1.</summary>
public sealed class DeliverySettings
{
    public double DuplicateRate { get; set; }

    public double DropRate { get; set; }

    public double ReorderRate { get; set; }

    /// <summary>How long a delivery held back for reordering waits for a successor before it is sent anyway.</summary>
    public double ReorderHoldSeconds { get; set; } = 2;

    /// <summary>GitHub gives a receiver 10 seconds.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries kept for the control API and redelivery (oldest dropped first).</summary>
    public int MaxRecorded { get; set; } = 2000;

    /// <summary>Send a <c>push</c> delivery before the runs a push starts.</summary>
    public bool SendPush { get; set; } = true;
}
