using GitHubProxy.Api.Apis;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>The service's own storage down or saturated is a 503 with <c>Retry-After</c> a client can act on, not a 500.</summary>
public sealed class StorageBusyTests
{
    public static TheoryData<Exception> Busy => new()
    {
        new NpgsqlException("The connection pool has been exhausted.", new TimeoutException()),
        new NpgsqlException("Failed to connect.", new System.Net.Sockets.SocketException(111)),
        new RetryLimitExceededException("The maximum number of retries was exceeded.", new NpgsqlException("Failed", new TimeoutException())),
        new StackExchange.Redis.RedisTimeoutException("Timeout awaiting response.", StackExchange.Redis.CommandStatus.Sent),
        // What EF Core throws for a transient failure when no retrying strategy runs (seen at 1,000 dashboards/s).
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("The operation has timed out", new TimeoutException())),
    };

    [Theory]
    [MemberData(nameof(Busy))]
    public async Task Storage_that_does_not_answer_is_a_503_problem_with_retry_after(Exception exception)
    {
        var (handled, context) = await HandleAsync(exception);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", context.Response.ContentType?.Split(';')[0]);
        context.Response.Body.Position = 0;
        var problem = await JsonNode.ParseAsync(context.Response.Body);
        Assert.Equal(GitHubExceptionHandler.StorageBusy, (string?)problem!["title"]);
    }

    [Fact]
    public async Task A_storage_error_that_is_not_transient_stays_unhandled()
    {
        // A bug (a constraint violation, a bad statement) must not be reported as "try again".
        var (handled, _) = await HandleAsync(new NpgsqlException("syntax error"));
        var (wrapped, _) = await HandleAsync(new InvalidOperationException("A bug.", new NpgsqlException("syntax error")));

        Assert.False(handled);
        Assert.False(wrapped);
    }

    private static async Task<(bool Handled, HttpContext Context)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new GitHubExceptionHandler(services.GetRequiredService<IProblemDetailsService>());
        return (await handler.TryHandleAsync(context, exception, CancellationToken.None), context);
    }
}
