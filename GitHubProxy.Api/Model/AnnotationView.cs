namespace GitHubProxy.Api.Model;

/// <summary>A check run annotation as the browser shows it (<c>file:line message</c>); level is notice, warning or failure.</summary>
public sealed record AnnotationView(string Path, int StartLine, int EndLine, string Level, string Message, string? Title);
