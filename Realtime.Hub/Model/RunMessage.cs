using ActionsDashboard.Contracts;

namespace Realtime.Hub.Model;

public sealed record RunMessage(string EventId, string Repository, Run Run);
