using ActionsDashboard.Contracts;

namespace Realtime.Hub.Model;

public sealed record JobMessage(string EventId, string Repository, Job Job);
