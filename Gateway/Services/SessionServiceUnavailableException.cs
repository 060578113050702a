namespace Gateway.Services;

public sealed class SessionServiceUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
